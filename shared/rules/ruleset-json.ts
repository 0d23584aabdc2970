// The export/import format of a rule set: versioned JSON, validated with errors as JSON pointers.
import { z } from 'zod';
import { compileRuleSet } from './compile.ts';
import { METHODS, type Problem, type Result, type Rule } from './types.ts';

export const RULESET_FORMAT = 'doxy-ruleset';
export const RULESET_VERSION = 1;

export const ruleSchema = z.strictObject({
  id: z.string(),
  action: z.enum(['allow', 'deny']),
  methods: z.union([z.literal('*'), z.array(z.enum(METHODS)).readonly()]),
  pattern: z.string(),
  comment: z.string().default(''),
  enabled: z.boolean().default(true),
});

export const rulesSchema = z.array(ruleSchema).max(10_000).readonly();

const fileSchema = z.object({
  format: z.literal(RULESET_FORMAT),
  version: z.literal(RULESET_VERSION),
  rules: rulesSchema,
});

export interface RuleSetFile {
  readonly format: typeof RULESET_FORMAT;
  readonly version: typeof RULESET_VERSION;
  readonly rules: readonly Rule[];
}

/** A union's own issue says only "Invalid input"; when exactly one branch got inside the value, its issues say what and where. */
function unionBranch(issue: z.core.$ZodIssue): readonly z.core.$ZodIssue[] | null {
  if (issue.code !== 'invalid_union') return null;
  const inside = issue.errors.filter((branch) => branch.some((i) => i.path.length > 0));
  return inside.length === 1 ? (inside[0] ?? null) : null;
}

/** Turns zod issues into problems located by JSON pointer (RFC 6901). */
export function zodProblems(error: z.ZodError, base = ''): Problem[] {
  return error.issues.flatMap((issue) => {
    const branch = unionBranch(issue);
    const issues =
      branch === null ? [issue] : branch.map((i) => ({ path: [...issue.path, ...i.path], message: i.message }));
    return issues.map((i) => ({
      where: base + i.path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('') || '/',
      message: i.message,
    }));
  });
}

/** Validates parsed rules (shape, then ids and patterns) and returns them, or every problem with its pointer. */
export function validateRules(input: unknown, base = '/rules'): Result<readonly Rule[]> {
  const parsed = rulesSchema.safeParse(input);
  if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error, base) };
  const compiled = compileRuleSet(parsed.data);
  if (!compiled.ok)
    return { ok: false, problems: compiled.problems.map((p) => ({ ...p, where: p.where.replace(/^\/rules/, base) })) };
  return { ok: true, value: parsed.data };
}

export function parseRuleSetFile(text: string): Result<readonly Rule[]> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      problems: [{ where: '/', message: `not JSON: ${error instanceof Error ? error.message : String(error)}` }],
    };
  }
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error) };
  return validateRules(parsed.data.rules);
}

export function formatRuleSetFile(rules: readonly Rule[]): string {
  const file: RuleSetFile = { format: RULESET_FORMAT, version: RULESET_VERSION, rules };
  return `${JSON.stringify(file, null, 2)}\n`;
}
