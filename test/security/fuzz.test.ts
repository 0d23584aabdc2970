// A fuzz test of canonicalize() and decide() with random and mutated request targets (fixed seed, bounded count):
// the canonical form is a fixed point, decide() sees only it, and the daemon routes it as it routes the raw target,
// so whatever decide() allows reaches the endpoint the rules meant and no other.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BUILTIN_RULES } from '../../shared/rules/builtin.ts';
import { canonicalize } from '../../shared/rules/canonical.ts';
import { compileRuleSet, type CompiledRuleSet } from '../../shared/rules/compile.ts';
import { decide } from '../../shared/rules/decide.ts';
import { parsePatternFile } from '../../shared/rules/pattern-file.ts';
import type { Decision, Rule } from '../../shared/rules/types.ts';
import { DOXY_PATTERN_FILE } from '../cases/decide-cases.ts';
import { dockerEnv } from '../harness/env.ts';
import { exchange, req, type Exchange } from '../harness/raw-http.ts';
import { cleanDaemon, prng } from './lib.ts';

const { env, skip } = dockerEnv();

const SEED = 0xd0c5;
const COUNT = 20_000;
const DAEMON_SAMPLE = 300;

const PIECES = [
  '/',
  '//',
  '.',
  '..',
  '/./',
  '/../',
  '%2e',
  '%2E',
  '%2e%2e',
  '%2f',
  '%2F',
  '%5c',
  '%5C',
  '\\',
  ';',
  ';x=1',
  '?',
  '?a=/../b',
  '#',
  '%00',
  '%0a',
  '%25',
  '%3F',
  '%23',
  '%3A',
  'v1.41',
  'v1.41.0',
  'v01.41',
  'v1',
  'v99.1',
  'containers',
  'create',
  'json',
  'x',
  'http:',
  '%63',
  '%43',
  'C',
  ':',
  '@',
  '~',
  '%20',
  '%C3%A9',
  '%ff',
  '%e2%98',
  '*',
  'exec',
  '_ping',
  'images',
  'busybox:latest',
  'a-b.c_d',
  '%7e',
  '+',
  '%2B',
  '$',
  "'",
  '(',
  ')',
  '!',
];
const SEEDS = [
  '/containers/create',
  '/v1.41/containers/create',
  '/containers/json',
  '/v1.41/containers/abc/json',
  '/images/busybox:latest/json',
  '/_ping',
  '/v1.24/info',
  '/containers/x/exec',
  '/exec/x/start',
  '/containers/x/export',
  '/images/get',
  '/version',
  '/networks/create',
  // The daemon names what it looked up ("No such container: <name>"): how it decoded a name shows in its answer.
  '/containers/doxy-fuzz-name/json',
  '/v1.41/containers/doxy-fuzz-name/json',
  '/images/doxy-fuzz-image:tag/json',
  '/networks/doxy-fuzz-net',
  '/v1.41/volumes/doxy-fuzz-volume',
  '/containers/doxy-fuzz-name/top',
];

type Random = () => number;
const pick = <T>(r: Random, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;

function percentEncode(ch: string, r: Random): string {
  const hex = ch.charCodeAt(0).toString(16).padStart(2, '0');
  return `%${r() < 0.5 ? hex.toUpperCase() : hex}`;
}

/** One random edit of a target. */
function mutate(target: string, r: Random): string {
  const at = Math.floor(r() * (target.length + 1));
  switch (Math.floor(r() * 8)) {
    case 0:
      return target.slice(0, at) + pick(r, PIECES) + target.slice(at);
    case 1:
      return target.slice(0, at) + target.slice(at + 1 + Math.floor(r() * 3));
    case 2: {
      const ch = target[at] ?? '';
      return ch === '' || ch.charCodeAt(0) > 0x7e
        ? target
        : target.slice(0, at) + percentEncode(ch, r) + target.slice(at + 1);
    }
    case 3: {
      const ch = target[at] ?? '';
      const flipped = ch === ch.toLowerCase() ? ch.toUpperCase() : ch.toLowerCase();
      return target.slice(0, at) + flipped + target.slice(at + 1);
    }
    case 4:
      return target.replace('/', pick(r, ['//', '/./', '/x/../', '/%2e/', '/v1.41/', '/v1.41.0/', '/v01.41/']));
    case 5:
      return target.slice(0, at);
    case 6:
      return `${target}${pick(r, ['?', '?all=1', '#x', '/', ';a', '?x=/../create'])}`;
    default:
      return target.slice(0, at) + pick(r, PIECES) + pick(r, PIECES) + target.slice(at);
  }
}

function randomTarget(r: Random): string {
  if (r() < 0.6) {
    let t = pick(r, SEEDS);
    for (let n = 1 + Math.floor(r() * 4); n > 0; n--) t = mutate(t, r);
    return t;
  }
  let t = '';
  for (let n = 1 + Math.floor(r() * 6); n > 0; n--) t += pick(r, PIECES);
  return r() < 0.8 && !t.startsWith('/') ? `/${t}` : t;
}

function compiled(rules: readonly Rule[]): CompiledRuleSet {
  const c = compileRuleSet(rules);
  if (!c.ok) throw new Error(JSON.stringify(c.problems));
  return c.value;
}

function rule(id: string, action: Rule['action'], methods: Rule['methods'], pattern: string): Rule {
  return { id, action, methods, pattern, comment: '', enabled: true };
}

const doxyFile = parsePatternFile(readFileSync(DOXY_PATTERN_FILE, 'utf8'), 'doxy.pattern');
if (!doxyFile.ok) throw new Error('doxy.pattern does not parse');

const DENY_CREATE = [
  rule('no-create', 'deny', '*', '^/(v\\d+\\.\\d+/)?containers/create$'),
  rule('all', 'allow', '*', '.*'),
];
const SETS: Readonly<Record<string, readonly Rule[]>> = {
  builtin: BUILTIN_RULES,
  doxy: doxyFile.value,
  'deny-create': DENY_CREATE,
  mixed: [
    rule('no-exec', 'deny', ['POST'], '^/(v\\d+\\.\\d+/)?(containers/[^/]+/exec|exec/[^/]+/start)$'),
    rule('reads', 'allow', ['GET', 'HEAD'], '^/(v\\d+\\.\\d+/)?(containers|images|networks)(/.*)?$'),
    rule('ping', 'allow', '*', '^/_ping$'),
    rule('posts', 'allow', ['POST'], '^/(v\\d+\\.\\d+/)?containers/[\\w.-]+/(start|stop)$'),
  ],
};
const COMPILED = Object.fromEntries(Object.entries(SETS).map(([k, v]) => [k, compiled(v)]));

/** The reference decision: the first enabled rule, in order, that names the method and matches the canonical path. */
function reference(
  method: string,
  path: string,
  rules: readonly Rule[],
  set: CompiledRuleSet,
): { verdict: string; index: number } {
  for (const c of set.enabled) {
    if (c.rule.methods !== '*' && !(c.rule.methods as readonly string[]).includes(method)) continue;
    if (c.pattern.test(path)) return { verdict: c.rule.action, index: rules.indexOf(c.rule) };
  }
  return { verdict: 'deny', index: -1 };
}

const verdictOf = (d: Decision): string => (d.verdict === 'refuse' ? 'refuse' : `${d.verdict} ${d.index}`);

// Routes whose answer names the looked-up object, and name parts that may decode to something else.
const NAMED_ROUTES = [
  '/containers/NAME/json',
  '/v1.41/containers/NAME/top',
  '/images/NAME/json',
  '/v1.24/images/NAME/history',
  '/networks/NAME',
  '/volumes/NAME',
];
const NAME_PIECES = [
  'doxy',
  'a',
  '.',
  '..',
  '%2e',
  '%2E%2e',
  '%3F',
  '%3f',
  '%23',
  ';x',
  ':',
  '%3A',
  '@',
  '%40',
  '%25',
  '%2525',
  '%20',
  '%C3%A9',
  '+',
  '%2B',
  '~',
  '%7E',
  '(',
  '$',
  '-',
  '_',
  '%2F',
  '%5C',
  '%00',
  "'",
  '!',
  '*',
  ',',
  '=',
  '&',
  '%26',
  '%3D',
  'busybox',
  'latest',
  '%22',
  '%3C',
  '%5B',
  '%7B',
];

/** A route the daemon answers with the name it decoded ("No such container: <name>"), with a mutated name. */
function namedTarget(r: Random): string {
  let name = '';
  for (let n = 1 + Math.floor(r() * 4); n > 0; n--) name += pick(r, NAME_PIECES);
  return pick(r, NAMED_ROUTES).replace('NAME', `doxy-fuzz-${name}`);
}

/** The targets of this run: the same on every run. */
const TARGETS: readonly string[] = (() => {
  const r = prng(SEED);
  return Array.from({ length: COUNT }, (_, i) => (i % 4 === 3 ? namedTarget(r) : randomTarget(r)));
})();
const METHODS = ['GET', 'POST', 'HEAD', 'DELETE', 'PUT'];

describe('fuzz: canonicalize and decide', () => {
  it(`${COUNT} targets: the canonical form canonicalizes to itself and holds nothing ambiguous`, (t) => {
    let ok = 0;
    for (const target of TARGETS) {
      const c = canonicalize('GET', target);
      if (!c.ok) continue;
      ok++;
      assert.deepEqual(canonicalize('GET', c.target), c, `not a fixed point: ${target}`);
      const rawPath = c.target.split('?')[0] ?? '';
      assert.match(rawPath, /^\/[A-Za-z0-9\-._~!$&'()*+,;=@/%]*$/, `unsafe character forwarded for ${target}`);
      assert.ok(
        c.path === '/' || !/(^|\/)\.{1,2}(\/|$)|\/\/|\/$/.test(c.path),
        `dot segment, empty segment or trailing "/" in ${c.path} from ${target}`,
      );
      assert.doesNotMatch(c.path, /[\u0000-\u001f\u007f]/, `control character in ${JSON.stringify(c.path)}`);
      assert.ok(
        !/^\/v[0-9.]+(\/|$)/.test(c.path) || /^\/v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(\/|$)/.test(c.path),
        `ambiguous version in ${c.path}`,
      );
    }
    t.diagnostic(`${ok} of ${COUNT} targets accepted, the rest refused`);
    assert.ok(
      ok > COUNT / 10,
      `only ${ok} of ${COUNT} targets were accepted: the generator is too hostile to test much`,
    );
  });

  for (const name of Object.keys(SETS)) {
    it(`${name}: decide sees only the canonical form, and agrees with a plain first-match over the rules`, () => {
      const set = COMPILED[name] as CompiledRuleSet;
      const rules = SETS[name] as readonly Rule[];
      const r = prng(SEED + 1);
      for (const target of TARGETS) {
        const method = pick(r, METHODS);
        const d = decide({ method, target }, set);
        const c = canonicalize(method, target);
        if (!c.ok) {
          assert.equal(d.verdict, 'refuse', target);
          continue;
        }
        assert.equal(
          verdictOf(decide({ method, target: c.target }, set)),
          verdictOf(d),
          `raw and canonical differ: ${method} ${target}`,
        );
        const ref = reference(method, c.path, rules, set);
        assert.equal(verdictOf(d), `${ref.verdict} ${ref.index}`, `decide and first-match differ: ${method} ${target}`);
      }
    });
  }
});

describe('fuzz against the daemon: the canonical target routes as the raw one', { skip }, () => {
  const docker = env?.socket ?? '';
  after(async () => {
    await cleanDaemon(docker);
  });

  /** What the daemon did, in words that two answers can be compared by. */
  function answer(x: Exchange): string {
    const r = x.responses[0];
    if (!r) return x.closed ? 'closed' : 'no answer';
    const body = r.status === 200 ? '' : r.body.toString('utf8').replace(/"[0-9a-f]{64}"/g, '"<id>"');
    return `${r.status} ${body}`;
  }

  async function ask(method: string, target: string, body?: string): Promise<string> {
    const headers: Record<string, string> =
      body === undefined ? { Connection: 'close' } : { 'Content-Type': 'application/json', Connection: 'close' };
    return answer(await exchange(docker, req(method, target, headers, body), { timeoutMs: 3000 }));
  }

  it(`GET: for ${DAEMON_SAMPLE} targets allowed by "allow *", the daemon answers the canonical target as the raw one`, async (t) => {
    const set = compiled([rule('all', 'allow', '*', '.*')]);
    const r = prng(SEED + 2);
    const allowed = TARGETS.filter(
      (t) =>
        decide({ method: 'GET', target: t }, set).verdict === 'allow' &&
        !/events|logs|stats|attach|wait|export|\/get/.test(t),
    ).filter(() => r() < 0.5);
    // Half of them named lookups, whose answers show how the daemon decoded the name.
    const named = allowed.filter((t) => t.includes('doxy-fuzz-')).slice(0, DAEMON_SAMPLE / 2);
    const sample = [
      ...named,
      ...allowed.filter((t) => !t.includes('doxy-fuzz-')).slice(0, DAEMON_SAMPLE - named.length),
    ];
    const differ: string[] = [];
    let respelled = 0;
    for (const target of sample) {
      const c = canonicalize('GET', target);
      if (!c.ok) continue;
      if (c.target !== target) respelled++;
      const [raw, canonical] = [await ask('GET', target), await ask('GET', c.target)];
      if (raw !== canonical) differ.push(`${target} -> ${raw.slice(0, 80)} | ${c.target} -> ${canonical.slice(0, 80)}`);
    }
    t.diagnostic(`${sample.length} targets sent raw and canonical, ${respelled} of them spelled differently by doxy`);
    assert.ok(sample.length >= DAEMON_SAMPLE / 2, `only ${sample.length} targets sampled`);
    assert.deepEqual(differ, []);
  });

  it(`POST: no target that "deny * create, allow * .*" allows ever reaches the create handler`, async () => {
    const set = compiled(DENY_CREATE);
    // The create handler, and only it, answers this body with "No such image": nothing is ever made.
    const probe = JSON.stringify({ Image: 'doxy-fuzz-no-such-image:never', Cmd: ['true'] });
    const r = prng(SEED + 3);
    const allowed = new Set<string>();
    for (let i = 0; i < 50 * DAEMON_SAMPLE && allowed.size < DAEMON_SAMPLE; i++) {
      let t = pick(r, ['/containers/create', '/v1.41/containers/create', '/v1.24/containers/create']);
      for (let n = 1 + Math.floor(r() * 3); n > 0; n--) t = mutate(t, r);
      if (decide({ method: 'POST', target: t }, set).verdict === 'allow') allowed.add(t);
    }
    const reached: string[] = [];
    const differ: string[] = [];
    for (const target of allowed) {
      const c = canonicalize('POST', target);
      if (!c.ok) continue;
      const [raw, canonical] = [await ask('POST', target, probe), await ask('POST', c.target, probe)];
      if (canonical.includes('No such image: doxy-fuzz-no-such-image')) reached.push(`${target} (sent as ${c.target})`);
      if (raw !== canonical) differ.push(`${target} -> ${raw.slice(0, 80)} | ${c.target} -> ${canonical.slice(0, 80)}`);
    }
    assert.ok(allowed.size >= DAEMON_SAMPLE / 2, `only ${allowed.size} allowed targets found`);
    assert.deepEqual(reached, [], 'an allowed target reached the create handler');
    assert.deepEqual(differ, []);
  });
});
