// Learn mode over the admin API: its state and proposals, start and stop, and accepting chosen proposals as rules.
import { z } from 'zod';
import type { LearnProposal, LearnResponse, RulesResponse } from '../../../shared/protocol.ts';
import { call } from '../api/client.ts';
import { learnState, rulesResponse } from '../api/parse.ts';

const proposal: z.ZodType<LearnProposal> = z.object({
  method: z.string(),
  pattern: z.string(),
  count: z.number(),
  examples: z.array(z.string()),
  risk: z.enum(['read', 'secret-read', 'write', 'root', 'unknown']),
  summary: z.string().nullable(),
});
const learnResponse: z.ZodType<LearnResponse> = z.object({ socket: z.string(), state: learnState, proposals: z.array(proposal) });

export type AcceptResponse = RulesResponse & { readonly added: readonly string[]; readonly stillDenied: readonly string[] };
const acceptResponse = z.intersection(rulesResponse, z.object({ added: z.array(z.string()), stillDenied: z.array(z.string()) }));

export const learnApi = {
  get: (): Promise<LearnResponse> => call('GET', 'learn', learnResponse),
  start: (minutes: number | null): Promise<LearnResponse> => call('POST', 'learn/start', learnResponse, { json: minutes === null ? {} : { minutes } }),
  stop: (): Promise<LearnResponse> => call('POST', 'learn/stop', learnResponse, { json: {} }),
  accept: (basedOn: number, chosen: readonly LearnProposal[]): Promise<AcceptResponse> =>
    call('POST', 'learn/accept', acceptResponse, { json: { basedOn, patterns: chosen.map(({ method, pattern }) => ({ method, pattern })) } }),
};
