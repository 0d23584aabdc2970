// The one function that decides a request. The proxy, the admin check endpoint and the web tester all call it.
import { canonicalize } from './canonical.ts';
import type { CompiledRuleSet } from './compile.ts';
import type { Decision, RawRequest } from './types.ts';

/** Canonicalizes the request, then the first enabled rule whose method and pattern match decides; none denies. */
export function decide(raw: RawRequest, set: CompiledRuleSet): Decision {
  const request = canonicalize(raw.method, raw.target);
  if (!request.ok) return { verdict: 'refuse', method: raw.method, target: raw.target, reason: request.reason };
  const { method, path, query, target } = request;
  const candidates = set.byMethod.get(method) ?? set.anyMethod;
  for (const c of candidates) {
    if (c.pattern.test(path)) return { verdict: c.rule.action, request: { method, path, query, target }, rule: c.rule, index: c.index };
  }
  return { verdict: 'deny', request: { method, path, query, target }, rule: null, index: -1 };
}

/** The message a client sees for a decision that is not an allow: it names the method, the path and why. */
export function explain(decision: Decision): string {
  if (decision.verdict === 'refuse') {
    return `doxy: refused ${decision.method.slice(0, 32)} request: ${decision.reason} (ambiguous requests are never forwarded)`;
  }
  const { method, path } = decision.request;
  const r = decision.rule;
  if (r === null) return `doxy: ${method} ${path} is denied: no rule allows it (deny by default)`;
  return `doxy: ${method} ${path} is ${decision.verdict === 'allow' ? 'allowed' : 'denied'} by rule "${r.id}" (${r.action} ${r.methods === '*' ? '*' : r.methods.join(',')} ${r.pattern})`;
}
