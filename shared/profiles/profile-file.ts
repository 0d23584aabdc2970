// A profile as a doxy-ruleset file: its rules (shared/rules/ruleset-json.ts) and, when it has one, its body policy
// under "policy". The rules layer knows nothing of policies, so the policy is read and written here.
import { parseBodyPolicy, type BodyPolicy } from '../policy/body-policy.ts';
import { formatRuleSetFile, parseRuleSetFile } from '../rules/ruleset-json.ts';
import type { Result, Rule } from '../rules/types.ts';

export interface ProfileFile {
  readonly rules: readonly Rule[];
  /** The file's policy; null: the file removes it; undefined: the file says nothing (the profile keeps its own). */
  readonly policy?: BodyPolicy | null;
}

export function formatProfileFile(rules: readonly Rule[], policy: BodyPolicy | undefined): string {
  if (policy === undefined) return formatRuleSetFile(rules);
  const file = JSON.parse(formatRuleSetFile(rules)) as Record<string, unknown>;
  return `${JSON.stringify({ ...file, policy }, null, 2)}\n`;
}

export function parseProfileFile(text: string): Result<ProfileFile> {
  const rules = parseRuleSetFile(text);
  if (!rules.ok) return rules;
  // The text parsed as JSON already.
  const raw = (JSON.parse(text) as { policy?: unknown }).policy;
  if (raw === undefined) return { ok: true, value: { rules: rules.value } };
  if (raw === null) return { ok: true, value: { rules: rules.value, policy: null } };
  const policy = parseBodyPolicy(raw, '/policy');
  return policy.ok ? { ok: true, value: { rules: rules.value, policy: policy.value } } : policy;
}
