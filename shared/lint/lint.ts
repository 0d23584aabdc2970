// Flags rules that grant a dangerous read: endpoints that are root-equivalent or leak secrets although they only read.
// Pure: it asks the one decide() about sample requests, so a warning names exactly the rule that would let them through.
import { compileRuleSet } from '../rules/compile.ts';
import { decide } from '../rules/decide.ts';
import type { Rule } from '../rules/types.ts';

export interface LintWarning {
  /** The rule that allows the endpoint, and its position in the ordered set. */
  readonly ruleId: string;
  readonly index: number;
  /** The endpoint as Docker's API reference names it, e.g. `GET /containers/{id}/export`. */
  readonly endpoint: string;
  readonly why: string;
}

interface Dangerous {
  readonly method: string;
  readonly endpoint: string;
  /** Paths that route to the endpoint, without the version prefix. */
  readonly paths: readonly string[];
  readonly why: string;
}

const IDS = ['abc123', 'my-app.1', '4f1b2c3d4e5f'];
const IMAGES = [
  'busybox',
  'busybox:latest',
  'library/busybox',
  'docker.io/library/busybox:1.36',
  'registry.example:5000/team/app:v1',
  `sha256:${'0'.repeat(64)}`,
];

export const DANGEROUS_READS: readonly Dangerous[] = [
  {
    method: 'GET',
    endpoint: '/containers/{id}/export',
    paths: IDS.map((id) => `/containers/${id}/export`),
    why: 'it exports the whole filesystem of a container, with every key, token and password in it',
  },
  {
    method: 'GET',
    endpoint: '/containers/{id}/archive',
    paths: IDS.map((id) => `/containers/${id}/archive`),
    why: 'it reads any file of a container (?path=/etc/shadow, keys, tokens)',
  },
  {
    method: 'HEAD',
    endpoint: '/containers/{id}/archive',
    paths: IDS.map((id) => `/containers/${id}/archive`),
    why: 'it tells whether any path exists in a container, with its size, mode and time',
  },
  {
    method: 'GET',
    endpoint: '/images/get',
    paths: ['/images/get'],
    why: 'it exports every image named in ?names=, all layers and whatever was baked into them, secrets included',
  },
  {
    method: 'GET',
    endpoint: '/images/{name}/get',
    paths: IMAGES.map((name) => `/images/${name}/get`),
    why: 'it exports an image with all its layers and whatever was baked into them, secrets included',
  },
  {
    method: 'GET',
    endpoint: '/secrets',
    paths: ['/secrets', '/secrets/abc123'],
    why: "it lists the swarm's secrets: names, labels and ids say what there is to steal",
  },
  {
    method: 'GET',
    endpoint: '/configs',
    paths: ['/configs', '/configs/abc123'],
    why: "it returns the swarm's configs with their full content, which often holds credentials",
  },
  {
    method: 'GET',
    endpoint: '/swarm/unlockkey',
    paths: ['/swarm/unlockkey'],
    why: "it returns the key that decrypts the swarm's Raft log, secrets included, at rest",
  },
  {
    method: 'GET',
    endpoint: '/containers/{id}/attach/ws',
    paths: IDS.map((id) => `/containers/${id}/attach/ws`),
    why: "although a GET, it opens a websocket to the container's stdin: whoever holds it types into the container",
  },
];

/** Clients put their own API version first, or none: a rule may grant one spelling and not another. */
const VERSIONS = ['', '/v1.24', '/v1.41', '/v1.47'];

/** One warning per rule and dangerous endpoint that the rule allows, in rule order. Rules that do not compile yield none. */
export function lintRules(rules: readonly Rule[]): LintWarning[] {
  const compiled = compileRuleSet(rules);
  if (!compiled.ok) return [];
  const warnings: LintWarning[] = [];
  const seen = new Set<string>();
  for (const d of DANGEROUS_READS) {
    for (const version of VERSIONS) {
      for (const path of d.paths) {
        const decision = decide({ method: d.method, target: `${version}${path}` }, compiled.value);
        if (decision.verdict !== 'allow' || decision.rule === null) continue;
        const endpoint = `${d.method} ${d.endpoint}`;
        const key = `${decision.index} ${endpoint}`;
        if (seen.has(key)) continue;
        seen.add(key);
        warnings.push({ ruleId: decision.rule.id, index: decision.index, endpoint, why: d.why });
      }
    }
  }
  return warnings.sort((a, b) => a.index - b.index);
}

/** One line for a person: which rule, which endpoint, why it matters. */
export function formatLintWarning(w: LintWarning): string {
  return `rule "${w.ruleId}" (#${w.index + 1}) allows ${w.endpoint}: ${w.why}`;
}
