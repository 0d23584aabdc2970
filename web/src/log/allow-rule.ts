// Turns a denied log entry into a new allow rule: its method, and its path escaped and anchored (any API version).
import type { LogEntry } from '../../../shared/protocol/log.ts';
import { METHODS, type Method, type Rule } from '../../../shared/rules/types.ts';
import type { Prefill } from '../rules/RulesEditor.tsx';
import { freeId } from '../rules/rule-check.ts';

const VERSION_PREFIX = /^\/v\d+\.\d+(?=\/)/;

/** Escapes RE2 metacharacters so that the text matches only itself. */
export function escapePattern(text: string): string {
  return text.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/** `^(/v\d+\.\d+)?/containers/json$` for both `/v1.47/containers/json` and `/containers/json`. */
export function allowPatternFor(path: string): string {
  return `^(/v\\d+\\.\\d+)?${escapePattern(path.replace(VERSION_PREFIX, ''))}$`;
}

function isMethod(m: string): m is Method {
  return (METHODS as readonly string[]).includes(m);
}

/** The rule to offer, or null when a rule cannot fix this entry (allowed, refused as ambiguous, or a method no rule names). */
export function prefillFor(entry: LogEntry, rules: readonly Rule[]): Prefill | null {
  if (entry.verdict !== 'deny' || !isMethod(entry.method)) return null;
  const slug =
    entry.path
      .replace(VERSION_PREFIX, '')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 50) || 'root';
  const rule: Rule = {
    id: freeId(`allow-${slug}`, rules),
    action: 'allow',
    methods: [entry.method],
    pattern: allowPatternFor(entry.path),
    comment: `${entry.method} ${entry.path} was denied at ${entry.time}`,
    enabled: true,
  };
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
