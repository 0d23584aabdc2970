// What deserves a second look in a valid rule set: the shared lints (dangerous reads; root grants, with the body policy, unreachable rules,
// a missing ping, writes without their read), a set that allows nothing, and a pattern file that will replace the set.
import { formatLintWarning, lintRules } from '../../shared/lint/lint.ts';
import { lintProfile } from '../../shared/lint/lint-profile.ts';
import type { BodyPolicy } from '../../shared/policy/body-policy.ts';
import { canMatchPath } from '../../shared/rules/path-reach.ts';
import type { Problem, Rule } from '../../shared/rules/types.ts';

/** `policy`: the profile's body policy (null: none), which decides whether a create or exec rule is root on the host. */
export function ruleWarnings(rules: readonly Rule[], patternFile: string | null, policy: BodyPolicy | null): Problem[] {
  const warnings: Problem[] = [];
  if (!rules.some((r) => r.enabled && r.action === 'allow')) {
    warnings.push({ where: '/rules', message: 'no enabled rule allows anything: every request is denied' });
  }
  for (const w of lintRules(rules)) warnings.push({ where: `/rules/${w.index}`, message: formatLintWarning(w) });
  for (const w of lintProfile(rules, policy)) warnings.push({ where: w.where, message: w.message });
  rules.forEach((r, i) => {
    if (!canMatchPath(r.pattern))
      warnings.push({
        where: `/rules/${i}/pattern`,
        message: `rule "${r.id}" can never match a request path (every path starts with "/"), so it decides nothing`,
      });
  });
  if (patternFile !== null) {
    warnings.push({
      where: '/rules',
      message: `doxy was started with the pattern file ${patternFile}: when that file differs at the next start, its rules replace these (they stay in history). Export a pattern file to keep your changes.`,
    });
  }
  return warnings;
}
