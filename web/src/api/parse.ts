// Parses what the admin server answers: network payloads arrive as unknown and are checked before use.
import { z } from 'zod';
import type { ApiError } from '../../../shared/protocol/api-error.ts';
import type { CoverageCompareResponse } from '../../../shared/protocol/coverage.ts';
import type { HistoryResponse } from '../../../shared/protocol/history.ts';
import type { LearnState } from '../../../shared/protocol/learn.ts';
import type { LogBatch } from '../../../shared/protocol/log.ts';
import type { PolicyResponse } from '../../../shared/protocol/policy.ts';
import type { ProfilesResponse } from '../../../shared/protocol/profiles.ts';
import type { RedactionResponse } from '../../../shared/protocol/redaction.ts';
import type { RulesResponse, RulesReview } from '../../../shared/protocol/rules.ts';
import type { ScopeResponse } from '../../../shared/protocol/scope.ts';
import type { SocketsResponse } from '../../../shared/protocol/sockets.ts';
import type { ConfigImportResponse, ImportResponse } from '../../../shared/protocol/transfer.ts';
import { bodyPolicySchema } from '../../../shared/policy/body-policy.ts';
import { socketSpecSchema } from '../../../shared/profiles/configuration.ts';
import { ruleSchema } from '../../../shared/rules/ruleset-json.ts';

const problem = z.object({ where: z.string(), message: z.string() });
const rules = z.array(ruleSchema);

export const rulesResponse: z.ZodType<RulesResponse> = z.object({
  revision: z.number(),
  rules,
  warnings: z.array(problem),
});

export const rulesReview: z.ZodType<RulesReview> = z.object({ warnings: z.array(problem), risky: z.array(z.string()) });

const ruleDiff = z.object({
  added: rules,
  removed: rules,
  changed: z.array(z.object({ id: z.string(), before: ruleSchema, after: ruleSchema, fields: z.array(z.string()) })),
  reordered: z.boolean(),
});

export const importResponse: z.ZodType<ImportResponse> = z.object({
  dryRun: z.boolean(),
  format: z.enum(['doxy-ruleset', 'doxy-pattern']),
  revision: z.number(),
  rules,
  diff: ruleDiff,
  warnings: z.array(problem),
  loss: z.object({
    lost: z.array(z.string()),
    granted: z.number(),
    ping: z.boolean(),
    needsConfirm: z.boolean(),
    message: z.string().nullable(),
  }),
  policy: bodyPolicySchema.nullable().optional(),
});

/** The server's own schema of a socket (strict: a field it does not know is an error, never silently dropped). */
const socketSpec = socketSpecSchema;

export const historyResponse: z.ZodType<HistoryResponse> = z.object({
  revision: z.number(),
  entries: z.array(
    z.object({
      revision: z.number(),
      savedAt: z.string(),
      reason: z.string(),
      rules,
      profiles: z.array(z.object({ name: z.string(), rules })).optional(),
      sockets: z.array(socketSpec).optional(),
    }),
  ),
});

export const apiError: z.ZodType<ApiError> = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    where: z.string().optional(),
    problems: z.array(problem).optional(),
  }),
});

export const logEntry = z.object({
  id: z.number(),
  time: z.string(),
  method: z.string(),
  path: z.string(),
  status: z.number(),
  verdict: z.enum(['allow', 'deny', 'refuse']),
  ruleId: z.string().nullable(),
  reason: z.string(),
  durationMs: z.number(),
  bytes: z.number(),
  kind: z.enum(['http', 'upgrade']),
  socket: z.string().optional(),
  profile: z.string().optional(),
  client: z.string().optional(),
  clientCn: z.string().optional(),
  wouldDeny: z.boolean().optional(),
  decideMs: z.number().optional(),
  upstreamMs: z.number().optional(),
});

export const logBatch: z.ZodType<LogBatch> = z.object({ entries: z.array(logEntry), dropped: z.number() });

export const learnState: z.ZodType<LearnState> = z.object({
  active: z.boolean(),
  until: z.string().nullable(),
  since: z.string().nullable(),
  seen: z.number(),
});

export const policyResponse: z.ZodType<PolicyResponse> = z.object({
  revision: z.number(),
  profile: z.string(),
  policy: bodyPolicySchema.nullable(),
});

export const redactionResponse: z.ZodType<RedactionResponse> = z.object({
  revision: z.number(),
  profile: z.string(),
  redact: z.boolean(),
  operations: z.array(z.string()),
});

export const scopeResponse: z.ZodType<ScopeResponse> = z.object({
  revision: z.number(),
  profile: z.string(),
  scoped: z.boolean(),
  label: z.string(),
});

export const profilesResponse: z.ZodType<ProfilesResponse> = z.object({
  revision: z.number(),
  profiles: z.array(z.object({ name: z.string(), rules, sockets: z.array(z.string()), warnings: z.array(problem) })),
});

/** A doxy-config file (every profile and socket): what importing it changes. */
export const configImportResponse: z.ZodType<ConfigImportResponse> = z.object({
  dryRun: z.boolean(),
  format: z.literal('doxy-config'),
  revision: z.number(),
  profiles: z.array(
    z.object({
      name: z.string(),
      change: z.enum(['added', 'removed', 'changed', 'same']),
      diff: ruleDiff,
      policyChanged: z.boolean().optional(),
    }),
  ),
  sockets: z.object({
    added: z.array(socketSpec),
    removed: z.array(socketSpec),
    changed: z.array(
      z.object({ path: z.string(), before: socketSpec, after: socketSpec, fields: z.array(z.string()) }),
    ),
  }),
  config: z.object({ profiles: z.array(z.object({ name: z.string(), rules })), sockets: z.array(socketSpec) }),
});

const socketState = socketSpec.extend({
  source: z.enum(['proxy-socket', 'flag', 'store']),
  listening: z.boolean(),
  error: z.string().nullable(),
});

export const socketsResponse: z.ZodType<SocketsResponse> = z.object({
  revision: z.number(),
  sockets: z.array(socketState),
});

const grant = z.enum(['allowed', 'denied', 'partial']);
const counts = z.object({ allowed: z.number(), denied: z.number(), partial: z.number() });
const side = z.object({ label: z.string(), counts });
const ruleRefs = z.array(z.string().nullable());

export const compareResponse: z.ZodType<CoverageCompareResponse> = z.object({
  revision: z.number(),
  a: side,
  b: side,
  areas: z.array(
    z.object({
      area: z.string(),
      operations: z.array(
        z.object({
          method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'DELETE']),
          template: z.string(),
          area: z.string(),
          summary: z.string(),
          risk: z.enum(['read', 'secret-read', 'write', 'root']),
          a: grant,
          b: grant,
          aRules: ruleRefs,
          bRules: ruleRefs,
        }),
      ),
    }),
  ),
});
