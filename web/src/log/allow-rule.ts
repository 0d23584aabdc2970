// Turns a denied log entry into a new allow rule, generalised through the catalog as Learn does: the operation's pattern
// (names and ids generic, any API version), not the literal path.
import { generalise, withoutVersion } from '../../../shared/learn/propose.ts';
import type { LogEntry } from '../../../shared/protocol/log.ts';
import { METHODS, type Method, type Rule } from '../../../shared/rules/types.ts';
import type { Prefill } from '../rules/RulesEditor.tsx';
import { freeId } from '../rules/rule-check.ts';

function isMethod(m: string): m is Method {
  return (METHODS as readonly string[]).includes(m);
}

/** The rule to offer for a denied request, or null when a rule cannot fix it (a method no rule names). */
export function ruleFor(method: string, path: string, rules: readonly Rule[], why: string): Rule | null {
  if (!isMethod(method)) return null;
  const { pattern, operation } = generalise(method, path);
  const slug =
    (operation?.template ?? withoutVersion(path))
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase()
      .slice(0, 50) || 'root';
  return {
    id: freeId(`allow-${slug}-${method.toLowerCase()}`, rules),
    action: 'allow',
    methods: [method],
    pattern,
    comment: `${operation ? `${operation.summary} (${operation.risk}): ` : ''}${method} ${path} ${why}`,
    enabled: true,
  };
}

/** A rule for an endpoint the Stats screen lists as denied: it goes at the end, before nothing it could shadow. */
export function endpointPrefill(method: string, path: string, rules: readonly Rule[]): Prefill | null {
  const rule = ruleFor(method, path, rules, 'was among the most denied endpoints');
  return rule === null
    ? null
    : {
        rule,
        index: rules.length,
        note: `${method} ${path} and the like were denied. The new rule goes at the end; a deny rule above it still wins, so check the order before applying.`,
      };
}

/** The rule to offer and where it goes, or null when a rule cannot fix this entry (allowed, refused as ambiguous). */
export function prefillFor(entry: LogEntry, rules: readonly Rule[]): Prefill | null {
  if (entry.verdict !== 'deny') return null;
  const rule = ruleFor(entry.method, entry.path, rules, `was denied at ${entry.time}`);
  if (rule === null) return null;
  const denier = entry.ruleId === null ? -1 : rules.findIndex((r) => r.id === entry.ruleId);
  if (denier === -1) {
    return {
      rule,
      index: rules.length,
      note: `No rule matched ${entry.method} ${entry.path}, so it was denied by default. The new rule goes at the end; edit it before applying (a narrower pattern is safer).`,
    };
  }
  return {
    rule,
    index: denier,
    note: `Rule "${entry.ruleId}" denied ${entry.method} ${entry.path}: the new rule goes just before it, so that it is tried first.`,
  };
}
