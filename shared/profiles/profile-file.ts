// A profile as a doxy-ruleset file: its rules (shared/rules/ruleset-json.ts) and, when it has one, its body policy
// under "policy", and `"redact": false` when it relays secrets. The rules layer knows nothing of either, so they are
// read and written here.
import { parseBodyPolicy, type BodyPolicy } from '../policy/body-policy.ts';
import { formatRuleSetFile, parseRuleSetFile } from '../rules/ruleset-json.ts';
import type { Result, Rule } from '../rules/types.ts';

export interface ProfileFile {
  readonly rules: readonly Rule[];
  /** The file's policy; null: the file removes it; undefined: the file says nothing (the profile keeps its own). */
  readonly policy?: BodyPolicy | null;
  /** The file's redaction; undefined: the file says nothing (the profile keeps its own). */
  readonly redact?: boolean;
}

export function formatProfileFile(rules: readonly Rule[], policy: BodyPolicy | undefined, redact = true): string {
  if (policy === undefined && redact) return formatRuleSetFile(rules);
  const file = JSON.parse(formatRuleSetFile(rules)) as Record<string, unknown>;
  return `${JSON.stringify({ ...file, ...(policy === undefined ? {} : { policy }), ...(redact ? {} : { redact: false }) }, null, 2)}\n`;
}

export function parseProfileFile(text: string): Result<ProfileFile> {
  const rules = parseRuleSetFile(text);
  if (!rules.ok) return rules;
  // The text parsed as JSON already.
  const file = JSON.parse(text) as { policy?: unknown; redact?: unknown };
  const redact = file.redact;
  if (redact !== undefined && typeof redact !== 'boolean')
    return { ok: false, problems: [{ where: '/redact', message: 'expected true or false' }] };
  const value = { rules: rules.value, ...(redact === undefined ? {} : { redact }) };
  const raw = file.policy;
  if (raw === undefined) return { ok: true, value };
  if (raw === null) return { ok: true, value: { ...value, policy: null } };
  const policy = parseBodyPolicy(raw, '/policy');
  return policy.ok ? { ok: true, value: { ...value, policy: policy.value } } : policy;
}
