// Learn mode over the admin API: its state and proposals, start and stop, and accepting chosen proposals as rules (and
// the proposed body policy).
import { z } from 'zod';
import { bodyPolicySchema, type BodyPolicy } from '../../../shared/policy/body-policy.ts';
import type { LearnPolicyProposal, LearnProposal, LearnResponse } from '../../../shared/protocol/learn.ts';
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
const policyProposal: z.ZodType<LearnPolicyProposal> = z.object({
  policy: bodyPolicySchema,
  flags: z.array(z.string()),
  refused: z.array(z.object({ operation: z.string(), field: z.string(), message: z.string() })),
  bodies: z.number(),
  dropped: z.number(),
});
const learnResponse: z.ZodType<LearnResponse> = z.object({
  socket: z.string(),
  state: learnState,
  proposals: z.array(proposal),
  policy: policyProposal.nullable(),
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
  /** `policy`: the proposed body policy, to save too (null: the rules only). */
  accept: (
    socket: string,
    basedOn: number,
    chosen: readonly LearnProposal[],
    policy: BodyPolicy | null = null,
  ): Promise<AcceptResponse> =>
    call('POST', `learn/accept${on(socket)}`, acceptResponse, {
      json: {
        basedOn,
        patterns: chosen.map(({ method, pattern }) => ({ method, pattern })),
        ...(policy === null ? {} : { policy }),
      },
    }),
};
