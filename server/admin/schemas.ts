// The shapes of admin request bodies and queries, checked at the edge; rules themselves go through validateRules().
import { z } from 'zod';
import type { CheckRequest } from '../../shared/protocol/check.ts';
import { MAX_TARGET_LENGTH } from '../../shared/rules/canonical.ts';
import { AdminError, parseBody } from './api-error.ts';

const revision = z.number().int().positive();

export const putRulesSchema = z.strictObject({
  basedOn: revision,
  rules: z.unknown(),
  reason: z.string().max(200).optional(),
});

/** POST /api/rules/review: the draft goes through validateRules() on the worker thread. */
export const reviewRulesSchema = z.strictObject({ rules: z.unknown() });

/** PUT /api/policy: the policy itself goes through parseBodyPolicy() on the worker thread. */
export const putPolicySchema = z.strictObject({
  basedOn: revision,
  policy: z.unknown(),
  reason: z.string().max(200).optional(),
});

/** PUT /api/redaction. */
export const putRedactionSchema = z.strictObject({
  basedOn: revision,
  redact: z.boolean(),
  reason: z.string().max(200).optional(),
});

/** PUT /api/scope. */
export const putScopeSchema = z.strictObject({
  basedOn: revision,
  scoped: z.boolean(),
  reason: z.string().max(200).optional(),
});

export const restoreSchema = z.strictObject({ basedOn: revision });

// Any method and target are checked as given: refusing odd ones is decide()'s job, and the answer says why.
const checkRequest = z.strictObject({
  method: z.string().max(64),
  path: z.string().max(MAX_TARGET_LENGTH * 2),
  /** The request body as text; the body policy bounds what it reads itself (1 MiB). */
  body: z
    .string()
    .max(2 * 1024 * 1024)
    .optional(),
});
const checkList = z.array(checkRequest).max(1000);

export interface CheckInput {
  readonly requests: readonly CheckRequest[];
  /** Rules to check against instead of the active set, still unvalidated. */
  readonly rules?: unknown;
}

/** `{method, path}`, a list of them, or `{requests, rules?}`; each form has its own pointers. */
export function parseCheckBody(input: unknown): CheckInput {
  if (Array.isArray(input)) return { requests: parseBody(checkList, input) };
  if (typeof input === 'object' && input !== null && 'requests' in input) {
    return parseBody(z.strictObject({ requests: checkList, rules: z.unknown().optional() }), input);
  }
  const { rules, ...request } = parseBody(checkRequest.extend({ rules: z.unknown().optional() }), input);
  return rules === undefined ? { requests: [request] } : { requests: [request], rules };
}

const flag = z.enum(['1', 'true', '0', 'false']).transform((v) => v === '1' || v === 'true');

export const importQuerySchema = z.object({
  profile: z.string().max(200).optional(),
  dryRun: flag.optional(),
  basedOn: z
    .string()
    .regex(/^[1-9]\d{0,9}$/, 'must be a revision number')
    .transform(Number)
    .optional(),
  name: z.string().max(200).optional(),
  /** The user confirmed an import that takes away most of what the profile grants, or the ping. */
  confirm: flag.optional(),
});

export const exportQuerySchema = z.object({
  format: z.enum(['json', 'pattern', 'config']).default('json'),
  profile: z.string().max(200).optional(),
});

/** A query string parsed with zod; problems point at `?name`. */
export function parseQuery<T>(schema: z.ZodType<T>, input: unknown): T {
  try {
    return parseBody(schema, input);
  } catch (error) {
    if (!(error instanceof AdminError) || !error.problems) throw error;
    const problems = error.problems.map((p) => ({ ...p, where: `?${p.where.slice(1)}` }));
    const first = problems[0];
    throw new AdminError(400, 'INVALID_QUERY', `${first?.where}: ${first?.message}`, first?.where, problems);
  }
}
