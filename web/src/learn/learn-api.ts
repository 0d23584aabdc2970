// Learn mode over the admin API: its state and proposals, start and stop, and accepting chosen proposals as rules.
import { z } from 'zod';
import type { LearnProposal, LearnResponse } from '../../../shared/protocol/learn.ts';
import type { RulesResponse } from '../../../shared/protocol/rules.ts';
import { call } from '../api/client.ts';
import { learnState, rulesResponse } from '../api/parse.ts';

const proposal: z.ZodType<LearnProposal> = z.object({
  method: z.string(),
  pattern: z.string(),
  count: z.number(),
  examples: z.array(z.string()),
  risk: z.enum(['read', 'secret-read', 'write', 'root', 'unknown']),
  summary: z.string().nullable(),
  preselected: z.boolean(),
  flag: z.string().nullable(),
});
const learnResponse: z.ZodType<LearnResponse> = z.object({
  socket: z.string(),
  state: learnState,
  proposals: z.array(proposal),
});

export type AcceptResponse = RulesResponse & {
  readonly added: readonly string[];
  readonly stillDenied: readonly string[];
};
const acceptResponse = z.intersection(
  rulesResponse,
  z.object({ added: z.array(z.string()), stillDenied: z.array(z.string()) }),
);

/** `?socket=PATH`; nothing for '' (the --proxy-socket, the server's default). */
const on = (socket: string): string => (socket === '' ? '' : `?socket=${encodeURIComponent(socket)}`);

export const learnApi = {
  get: (socket: string): Promise<LearnResponse> => call('GET', `learn${on(socket)}`, learnResponse),
  /** `minutes` absent: the server's default deadline; null: none. */
  start: (socket: string, minutes: number | null | undefined): Promise<LearnResponse> =>
    call('POST', `learn/start${on(socket)}`, learnResponse, { json: minutes === undefined ? {} : { minutes } }),
  stop: (socket: string): Promise<LearnResponse> =>
    call('POST', `learn/stop${on(socket)}`, learnResponse, { json: {} }),
  accept: (socket: string, basedOn: number, chosen: readonly LearnProposal[]): Promise<AcceptResponse> =>
    call('POST', `learn/accept${on(socket)}`, acceptResponse, {
      json: { basedOn, patterns: chosen.map(({ method, pattern }) => ({ method, pattern })) },
    }),
};
