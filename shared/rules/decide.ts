// The one function that decides a request. The proxy, the admin check endpoint and the web tester all call it.
import { canonicalize } from './canonical.ts';
import type { CompiledRule, CompiledRuleSet } from './compile.ts';
import { METHODS, type Decision, type RawRequest } from './types.ts';

/** A decision depends only on the method, the target and the rule set, so repeated requests reuse it. */
const MEMO_GENERATION = 512;
/** Longer targets are decided afresh: a memo holds at most 2 x MEMO_GENERATION keys of this many characters. */
const MEMO_KEY_LENGTH = 512;

/**
 * Two generations: new answers go to `young`; when it is full it becomes `old` and the previous `old` is dropped.
 * An answer found in `old` moves back to `young`, so what is asked often stays; each step is O(1).
 */
interface Memo {
  young: Map<string, Decision>;
  old: Map<string, Decision>;
}

/** One memo per compiled set: a new set (any rule change) starts empty, and a dropped set takes its memo along. */
const memos = new WeakMap<CompiledRuleSet, Memo>();

function remember(memo: Memo, key: string, decision: Decision): void {
  if (memo.young.size >= MEMO_GENERATION) {
    memo.old = memo.young;
    memo.young = new Map();
  }
  memo.young.set(key, decision);
}

/** The first enabled rule, in order, that names the method and whose pattern matches the whole path. */
function firstMatch(method: string, path: string, set: CompiledRuleSet): CompiledRule | null {
  if (set.patterns !== null) {
    // One pass finds every matching rule; the lowest index that names the method decides.
    for (const i of set.patterns.match(path)) {
      const c = set.enabled[i];
      if (c && (c.rule.methods === '*' || (c.rule.methods as readonly string[]).includes(method))) return c;
    }
    return null;
  }
  for (const c of set.byMethod.get(method) ?? set.anyMethod) if (c.pattern.test(path)) return c;
  return null;
}

function decideAfresh(raw: RawRequest, set: CompiledRuleSet): Decision {
  const request = canonicalize(raw.method, raw.target);
  if (!request.ok) return { verdict: 'refuse', method: raw.method, target: raw.target, reason: request.reason };
  const { method, path, query, target } = request;
  const c = firstMatch(method, path, set);
  if (c) return { verdict: c.rule.action, request: { method, path, query, target }, rule: c.rule, index: c.index };
  return { verdict: 'deny', request: { method, path, query, target }, rule: null, index: -1 };
}

/** Canonicalizes the request, then the first enabled rule whose method and pattern match decides; none denies. */
export function decide(raw: RawRequest, set: CompiledRuleSet): Decision {
  // Only a rule-nameable method (no space in it) keys the memo, so "method target" is unambiguous.
  if (raw.target.length > MEMO_KEY_LENGTH || !(METHODS as readonly string[]).includes(raw.method))
    return decideAfresh(raw, set);
  let memo = memos.get(set);
  if (memo === undefined) {
    memo = { young: new Map(), old: new Map() };
    memos.set(set, memo);
  }
  const key = `${raw.method} ${raw.target}`;
  const young = memo.young.get(key);
  if (young !== undefined) return young;
  const old = memo.old.get(key);
  if (old !== undefined) {
    remember(memo, key, old);
    return old;
  }
  const decision = decideAfresh(raw, set);
  // Shared by every caller that asks the same again: frozen, so no caller can change another's answer.
  if (decision.verdict !== 'refuse') Object.freeze(decision.request);
  remember(memo, key, Object.freeze(decision));
  return decision;
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
