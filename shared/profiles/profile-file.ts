// A profile as a doxy-ruleset file: its rules (shared/rules/ruleset-json.ts) and, when it has one, its body policy
// under "policy", `"redact": false` when it relays secrets, and `"scoped": true` when it is scoped to its own objects.
// The rules layer knows nothing of these, so they are read and written here.
import { parseBodyPolicy, type BodyPolicy } from '../policy/body-policy.ts';
import { formatRuleSetFile, parseRuleSetFile } from '../rules/ruleset-json.ts';
import type { Result, Rule } from '../rules/types.ts';

export interface ProfileFile {
  readonly rules: readonly Rule[];
  /** The file's policy; null: the file removes it; undefined: the file says nothing (the profile keeps its own). */
  readonly policy?: BodyPolicy | null;
  /** The file's redaction; undefined: the file says nothing (the profile keeps its own). */
  readonly redact?: boolean;
  /** The file's scoping; undefined: the file says nothing (the profile keeps its own). */
  readonly scoped?: boolean;
}

export function formatProfileFile(
  rules: readonly Rule[],
  policy: BodyPolicy | undefined,
  redact = true,
  scoped = false,
): string {
  if (policy === undefined && redact && !scoped) return formatRuleSetFile(rules);
  const file = JSON.parse(formatRuleSetFile(rules)) as Record<string, unknown>;
  const extra = {
    ...(policy === undefined ? {} : { policy }),
    ...(redact ? {} : { redact: false }),
    ...(scoped ? { scoped: true } : {}),
  };
  return `${JSON.stringify({ ...file, ...extra }, null, 2)}\n`;
}

/** A true-or-false field of the file: its value, undefined when absent, or null when it is something else. */
function flag(value: unknown): boolean | undefined | null {
  return value === undefined || typeof value === 'boolean' ? value : null;
}

export function parseProfileFile(text: string): Result<ProfileFile> {
  const rules = parseRuleSetFile(text);
  if (!rules.ok) return rules;
  // The text parsed as JSON already.
  const file = JSON.parse(text) as { policy?: unknown; redact?: unknown; scoped?: unknown };
  const redact = flag(file.redact);
  const scoped = flag(file.scoped);
  for (const [where, v] of [
    ['/redact', redact],
    ['/scoped', scoped],
  ] as const)
    if (v === null) return { ok: false, problems: [{ where, message: 'expected true or false' }] };
  const value = {
    rules: rules.value,
    ...(typeof redact === 'boolean' ? { redact } : {}),
    ...(typeof scoped === 'boolean' ? { scoped } : {}),
  };
  const raw = file.policy;
  if (raw === undefined) return { ok: true, value };
  if (raw === null) return { ok: true, value: { ...value, policy: null } };
  const policy = parseBodyPolicy(raw, '/policy');
  return policy.ok ? { ok: true, value: { ...value, policy: policy.value } } : policy;
}
