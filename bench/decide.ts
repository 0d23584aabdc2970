// Micro-benchmark of decide() with 10, 100 and 1,000 rules; first it checks decide() against a plain ordered loop.
// Run alone: `tsx bench/decide.ts [ms per case]`; `npm run bench` runs it too.
import { pathToFileURL } from 'node:url';
import { canonicalize } from '../shared/rules/canonical.ts';
import { compileRuleSet, type CompiledRuleSet } from '../shared/rules/compile.ts';
import { decide } from '../shared/rules/decide.ts';
import { compilePattern } from '../shared/rules/pattern.ts';
import { METHODS, type Decision, type Method, type RawRequest, type Rule } from '../shared/rules/types.ts';

export const SIZES = [10, 100, 1000] as const;
const V = '(v\\d+\\.\\d+/)?';

/** `n` rules shaped like Docker API rules, one resource per rule; ping comes last, so a loop tries every rule for it. */
export function syntheticRules(n: number): Rule[] {
  const rules: Rule[] = [];
  const rule = (action: Rule['action'], methods: Rule['methods'], pattern: string): void => {
    rules.push({ id: `r${rules.length}`, action, methods, pattern, comment: '', enabled: rules.length % 17 !== 5 });
  };
  for (let k = 0; rules.length < n - 1; k++) {
    const kinds = [
      () => rule('allow', ['GET'], `^/${V}res${k}(/[\\w.-]+)?/(json|stats|top)$`),
      () => rule('allow', ['POST'], `^/${V}res${k}/[\\w.-]+/(start|stop|restart)$`),
      () => rule('deny', '*', `^/${V}res${k}/secret[\\w.-]*(/.*)?$`),
      () => rule('allow', ['GET', 'HEAD'], `^/${V}res${k}$`),
    ];
    kinds[k % kinds.length]?.();
  }
  rule('allow', ['GET', 'HEAD'], `^/${V}_ping$`);
  return rules;
}

/** Patterns whose matching is easy to get subtly wrong when rules are combined: flags, anchors, alternation, classes. */
const TRICKY: readonly string[] = [
  '^/a|^/b.*',
  '(?i)^/CaSe$',
  '^/x\\b.*',
  '(?m)^/m$',
  '.*',
  '^/(a|ab)(c|bcd)$',
  '^/\\pL+$',
  '^/[^/]+/é$',
  '/containers/.*',
  '^/$',
  'a$',
  '^/v1\\.4[0-9]/_ping$',
  '^/(?:x|y)+/z*$',
  '^/\\Qa.b\\E$',
  '^/[[:alpha:]]+$',
  '^/ab?c{2,3}$',
];

function compiled(rules: readonly Rule[]): CompiledRuleSet {
  const r = compileRuleSet(rules);
  if (!r.ok) throw new Error(`bench rule set does not compile: ${JSON.stringify(r.problems)}`);
  return r.value;
}

/** decide() as its contract reads: canonicalize, then try each enabled rule in order, one pattern at a time. */
function reference(raw: RawRequest, rules: readonly Rule[], tests: readonly ((path: string) => boolean)[]): Decision {
  const c = canonicalize(raw.method, raw.target);
  if (!c.ok) return { verdict: 'refuse', method: raw.method, target: raw.target, reason: c.reason };
  const request = { method: c.method, path: c.path, query: c.query, target: c.target };
  const index = rules.findIndex(
    (r, i) =>
      r.enabled && (r.methods === '*' || r.methods.includes(c.method as Method)) && (tests[i]?.(c.path) ?? false),
  );
  const rule = rules[index] ?? null;
  return { verdict: rule ? rule.action : 'deny', request, rule, index: rule ? index : -1 };
}

function randomTargets(count: number, resources: number, seed: number): RawRequest[] {
  let s = seed;
  const rnd = (n: number): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s % n;
  };
  const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)] as T;
  const methods = [...METHODS, 'TRACE', 'get'];
  const versions = ['', '', '/v1.43', '/v1.4', '/v12.0'];
  const heads = [
    'res',
    'a',
    'b',
    'ab',
    'x',
    'y',
    'm',
    'CaSe',
    'case',
    'containers',
    '_ping',
    'é',
    'v1.41',
    'abcc',
    'xy',
  ];
  const tails = [
    '',
    '',
    '/json',
    '/stats',
    '/start',
    '/secret',
    '/secretive/x',
    '/%C3%A9',
    '/z',
    '/zz',
    '/b',
    '/x y',
    '/..',
    '/%2F',
  ];
  return Array.from({ length: count }, () => {
    const head = pick(heads);
    const name = head === 'res' ? `res${rnd(resources + 2)}` : head;
    const id = rnd(3) === 0 ? '' : `/${pick(['c1', 'abc', 'a.b-c', 'secret', 'x', '%41b', 'bcd'])}`;
    const query = rnd(4) === 0 ? `?all=${rnd(2)}` : '';
    return { method: pick(methods), target: `${pick(versions)}/${name}${id}${pick(tails)}${query}` };
  });
}

/** Throws on the first request where decide() and the reference disagree; returns how many were compared. */
export function checkEquivalence(rules: readonly Rule[], count: number): number {
  const set = compiled(rules);
  const tests = rules.map((r) => {
    const p = compilePattern(r.pattern);
    return p.ok ? p.pattern.test : () => false;
  });
  const targets = randomTargets(count, rules.length / 4, rules.length);
  // Twice: the second pass answers from the memo.
  for (const raw of [...targets, ...targets]) {
    const got = decide(raw, set);
    const want = reference(raw, rules, tests);
    const same =
      JSON.stringify(got) === JSON.stringify(want) &&
      (got.verdict === 'refuse' || want.verdict === 'refuse' || got.rule === want.rule);
    if (!same)
      throw new Error(
        `decide() differs from the ordered loop for ${raw.method} ${raw.target}:\n got  ${JSON.stringify(got)}\n want ${JSON.stringify(want)}`,
      );
  }
  return targets.length * 2;
}

/** Nanoseconds per call of `f`, run for about `ms` after a short warm-up. */
export function nsPerCall(ms: number, f: (i: number) => unknown): number {
  // Warm-up: 2,000 calls or a fifth of the time, whichever comes first (the slow loop over 1,000 rules takes ms per call).
  const warm = performance.now() + ms / 5;
  for (let i = 0; i < 2000 && performance.now() < warm; i++) f(i);
  let calls = 0;
  const t0 = process.hrtime.bigint();
  const end = t0 + BigInt(Math.round(ms * 1e6));
  let now = t0;
  while (now < end) {
    for (let k = 0; k < 500; k++) f(calls++);
    now = process.hrtime.bigint();
  }
  return Number(now - t0) / calls;
}

export interface DecideFigures {
  readonly rules: number;
  /** The same few requests again and again (answered from the memo). */
  readonly repeatedUs: number;
  /** A new container id in every request (canonicalize + one pass over the rules). */
  readonly uniqueUs: number;
  /** canonicalize() alone on those unique requests. */
  readonly canonicalizeUs: number;
  /** The rules tried one by one (the loop decide() had before), on the same unique requests. */
  readonly loopUs: number;
}

export interface DecideBench {
  readonly checked: number;
  readonly figures: readonly DecideFigures[];
}

/** `checks` random requests per rule set are compared with the ordered loop before anything is timed. */
export function runDecideBench(msPerCase: number, checks: number): DecideBench {
  let checked = checkEquivalence(
    TRICKY.map((pattern, i) => ({
      id: `t${i}`,
      action: i % 3 === 0 ? 'deny' : 'allow',
      methods: i % 2 === 0 ? '*' : ['GET'],
      pattern,
      comment: '',
      enabled: true,
    })),
    checks,
  );
  const figures = SIZES.map((n) => {
    const rules = syntheticRules(n);
    checked += checkEquivalence(rules, n >= 1000 ? checks / 2 : checks);
    const set = compiled(rules);
    const resources = Math.max(1, Math.floor(n / 4));
    const repeated: RawRequest[] = [
      { method: 'GET', target: '/v1.43/_ping' },
      { method: 'GET', target: `/v1.43/res${resources - 1}/abc/json?all=1` },
      { method: 'POST', target: '/v1.43/res1/abc/start' },
      { method: 'GET', target: '/v1.43/nothing/here' },
    ];
    const unique = (i: number): RawRequest => ({
      method: 'GET',
      target: `/v1.43/res${i % resources}/c${i}/json?all=1`,
    });
    const tests = set.enabled.map((c) => c.pattern);
    const loop = (raw: RawRequest): number => {
      const c = canonicalize(raw.method, raw.target);
      return c.ok ? tests.findIndex((p) => p.test(c.path)) : -2;
    };
    return {
      rules: n,
      repeatedUs: nsPerCall(msPerCase, (i) => decide(repeated[i & 3] as RawRequest, set)) / 1000,
      uniqueUs: nsPerCall(msPerCase, (i) => decide(unique(i), set)) / 1000,
      canonicalizeUs:
        nsPerCall(msPerCase, (i) => {
          const r = unique(i);
          return canonicalize(r.method, r.target);
        }) / 1000,
      loopUs: nsPerCall(msPerCase, (i) => loop(unique(i))) / 1000,
    };
  });
  return { checked, figures };
}

export function formatDecideBench(b: DecideBench): string {
  const col = (f: (x: DecideFigures) => number): string => b.figures.map((x) => f(x).toFixed(2).padStart(10)).join('');
  const at100 = b.figures.find((x) => x.rules === 100);
  return [
    `decide() micro-benchmark, µs per call (checked equal to the ordered loop on ${b.checked} requests)`,
    `${'rules'.padEnd(48)}${b.figures.map((x) => String(x.rules).padStart(10)).join('')}`,
    `${'repeated requests (memo)'.padEnd(48)}${col((x) => x.repeatedUs)}`,
    `${'unique requests (canonicalize + one set pass)'.padEnd(48)}${col((x) => x.uniqueUs)}`,
    `${'  of which canonicalize()'.padEnd(48)}${col((x) => x.canonicalizeUs)}`,
    `${'unique requests, rules tried one by one (before)'.padEnd(48)}${col((x) => x.loopUs)}`,
    at100
      ? `decide() <= 2 µs at 100 rules: repeated ${at100.repeatedUs <= 2 ? 'yes' : 'NO'}, unique ${at100.uniqueUs <= 2 ? 'yes' : 'NO'}`
      : '',
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const ms = Number(process.argv[2] ?? '300');
  process.stdout.write(`${formatDecideBench(runDecideBench(ms, 3000))}\n`);
}
