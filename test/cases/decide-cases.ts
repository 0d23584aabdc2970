// What decide() answers for a request under a named rule set: the two default sets and small sets that pin
// the matching rules (first match wins, disabled rules are skipped, methods, deny by default, refusals first).
// Pure data: each runner reads doxy's pattern file its own way and passes the text to decideRuleSets().
import { BUILTIN_RULES } from '../../shared/rules/builtin.ts';
import { parsePatternFile } from '../../shared/rules/pattern-file.ts';
import { formatRuleSetFile } from '../../shared/rules/ruleset-json.ts';
import type { Rule } from '../../shared/rules/types.ts';

/** doxy's default pattern file (the compatibility baseline), kept in the repo as a fixture. */
export const DOXY_PATTERN_FILE = new URL('../fixtures/doxy.pattern', import.meta.url);

export type DecideRuleSetName = 'builtin' | 'doxy' | 'ordering' | 'disabled' | 'methods' | 'empty' | 'allow-all';

export interface DecideExpect {
  readonly verdict: 'allow' | 'deny' | 'refuse';
  /** The rule that decided; null for deny by default and for a refusal. */
  readonly ruleId: string | null;
}

export interface DecideCase {
  readonly rules: DecideRuleSetName;
  readonly method: string;
  readonly target: string;
  readonly expect: DecideExpect;
}

function rule(id: string, action: Rule['action'], methods: Rule['methods'], pattern: string, enabled = true): Rule {
  return { id, action, methods, pattern, comment: '', enabled };
}

const SETS: Readonly<Record<Exclude<DecideRuleSetName, 'doxy'>, readonly Rule[]>> = {
  builtin: BUILTIN_RULES,
  ordering: [
    rule('deny-secret', 'deny', ['GET'], '^/containers/secret/json$'),
    rule('allow-inspect', 'allow', ['GET'], '^/containers/[a-z]+/json$'),
    rule('deny-inspect-late', 'deny', ['GET'], '^/containers/[a-z]+/json$'),
    rule('allow-ping', 'allow', '*', '^/_ping$'),
    rule('deny-ping-late', 'deny', '*', '^/_ping$'),
  ],
  disabled: [
    rule('off-deny', 'deny', '*', '^/x$', false),
    rule('on-allow', 'allow', ['GET'], '^/x$'),
    rule('off-allow', 'allow', ['GET'], '^/y$', false),
    rule('off-allow-all', 'allow', '*', '.*', false),
  ],
  methods: [
    rule('writes', 'allow', ['POST', 'DELETE'], '^/w$'),
    rule('star', 'allow', '*', '^/s$'),
    rule('head-only', 'allow', ['HEAD'], '^/h$'),
    rule('get-head', 'allow', ['GET', 'HEAD'], '^/gh$'),
    rule('deny-star', 'deny', '*', '^/d$'),
    rule('allow-get-d', 'allow', ['GET'], '^/d$'),
  ],
  empty: [],
  'allow-all': [rule('everything', 'allow', '*', '.*')],
};

/** Every named rule set; `doxyPatternText` is the text of DOXY_PATTERN_FILE. Throws if that file does not parse. */
export function decideRuleSets(doxyPatternText: string): Readonly<Record<DecideRuleSetName, readonly Rule[]>> {
  const doxy = parsePatternFile(doxyPatternText, 'doxy.pattern');
  if (!doxy.ok) throw new Error(`doxy.pattern: ${doxy.problems.map((p) => `${p.where} ${p.message}`).join('; ')}`);
  return { ...SETS, doxy: doxy.value };
}

/**
 * The file a user imports to make `name` the active set: doxy's own pattern file as it is, the others as doxy-ruleset
 * JSON (a pattern file cannot say that a rule is disabled, nor give it an id).
 */
export function decideRuleSetFile(name: DecideRuleSetName, doxyPatternText: string): { name: string; text: string } {
  if (name === 'doxy') return { name: 'doxy.pattern', text: doxyPatternText };
  return { name: `${name}.json`, text: formatRuleSetFile(decideRuleSets(doxyPatternText)[name]) };
}

const allow = (ruleId: string): DecideExpect => ({ verdict: 'allow', ruleId });
const deny = (ruleId: string | null = null): DecideExpect => ({ verdict: 'deny', ruleId });
const REFUSE: DecideExpect = { verdict: 'refuse', ruleId: null };

// doxy's pattern file has no ids: a rule is named by its line, `line-N`.
const D = {
  containers: 'line-3',
  services: 'line-5',
  tasks: 'line-7',
  networks: 'line-9',
  volumes: 'line-11',
  nodes: 'line-13',
  info: 'line-15',
  version: 'line-17',
  ping: 'line-19',
  images: 'line-21',
} as const;

/** One request against both default sets: doxy's own, and the builtin set that is doxy's made right. */
interface Contrast {
  readonly method: string;
  readonly target: string;
  readonly builtin: DecideExpect;
  readonly doxy: DecideExpect;
}

const DEFAULTS: readonly Contrast[] = [
  // Where both sets agree: the read-only API.
  { method: 'GET', target: '/_ping', builtin: allow('ping'), doxy: allow(D.ping) },
  { method: 'GET', target: '/_ping?/../containers/create', builtin: allow('ping'), doxy: allow(D.ping) },
  { method: 'GET', target: '/containers/json', builtin: allow('containers'), doxy: allow(D.containers) },
  {
    method: 'GET',
    target: '/containers/json?all=1&filters={}',
    builtin: allow('containers'),
    doxy: allow(D.containers),
  },
  { method: 'GET', target: '/v1.41/containers/json', builtin: allow('containers'), doxy: allow(D.containers) },
  { method: 'GET', target: '/%63ontainers/json', builtin: allow('containers'), doxy: allow(D.containers) },
  { method: 'GET', target: '/containers/abc123/json', builtin: allow('containers'), doxy: allow(D.containers) },
  {
    method: 'GET',
    target: '/containers/abc123/stats?stream=false',
    builtin: allow('containers'),
    doxy: allow(D.containers),
  },
  { method: 'GET', target: '/containers/abc123/top', builtin: allow('containers'), doxy: allow(D.containers) },
  { method: 'GET', target: '/services', builtin: allow('services'), doxy: allow(D.services) },
  { method: 'GET', target: '/services/0af3', builtin: allow('services'), doxy: allow(D.services) },
  { method: 'GET', target: '/tasks/t1', builtin: allow('tasks'), doxy: allow(D.tasks) },
  { method: 'GET', target: '/networks', builtin: allow('networks'), doxy: allow(D.networks) },
  { method: 'GET', target: '/volumes/data_1', builtin: allow('volumes'), doxy: allow(D.volumes) },
  { method: 'GET', target: '/nodes', builtin: allow('nodes'), doxy: allow(D.nodes) },
  { method: 'GET', target: '/info', builtin: allow('info'), doxy: allow(D.info) },
  { method: 'GET', target: '/v1.41/version', builtin: allow('version'), doxy: allow(D.version) },
  { method: 'GET', target: '/images/json', builtin: allow('images'), doxy: allow(D.images) },
  { method: 'GET', target: '/v1.41/images/json', builtin: allow('images'), doxy: allow(D.images) },
  // An empty query, escapes of unreserved characters, and an encoded "/" in the query: still the same path.
  { method: 'GET', target: '/_ping?', builtin: allow('ping'), doxy: allow(D.ping) },
  { method: 'GET', target: '/containers/json?', builtin: allow('containers'), doxy: allow(D.containers) },
  { method: 'GET', target: '/%5Fping', builtin: allow('ping'), doxy: allow(D.ping) },
  { method: 'GET', target: '/containers/%6Aso%6E', builtin: allow('containers'), doxy: allow(D.containers) },
  { method: 'GET', target: '/images/json?f=%2F..', builtin: allow('images'), doxy: allow(D.images) },

  // Where doxy's set is too wide: it allows exporting every image.
  { method: 'GET', target: '/images/get', builtin: deny(), doxy: allow(D.images) },
  { method: 'GET', target: '/v1.41/images/get?names=alpine', builtin: deny(), doxy: allow(D.images) },
  { method: 'GET', target: '/images/abc123', builtin: deny(), doxy: allow(D.images) },

  // Where doxy's set is too narrow: HEAD pings, names with "-" or ".", versioned pings, vNN.N, non-hex service names.
  { method: 'HEAD', target: '/_ping', builtin: allow('ping'), doxy: deny() },
  { method: 'GET', target: '/v1.41/_ping', builtin: allow('ping'), doxy: deny() },
  { method: 'GET', target: '/containers/my-app/json', builtin: allow('containers'), doxy: deny() },
  { method: 'GET', target: '/containers/my.app/json', builtin: allow('containers'), doxy: deny() },
  { method: 'GET', target: '/networks/my-net', builtin: allow('networks'), doxy: deny() },
  { method: 'GET', target: '/volumes/data.v2', builtin: allow('volumes'), doxy: deny() },
  { method: 'GET', target: '/tasks/web.1', builtin: allow('tasks'), doxy: deny() },
  { method: 'GET', target: '/nodes/node-1', builtin: allow('nodes'), doxy: deny() },
  { method: 'GET', target: '/services/web', builtin: allow('services'), doxy: deny() },
  { method: 'GET', target: '/v10.1/info', builtin: allow('info'), doxy: deny() },
  { method: 'GET', target: '/images/alpine/json', builtin: allow('image-inspect'), doxy: deny() },
  { method: 'GET', target: '/images/alpine:3.20/json', builtin: allow('image-inspect'), doxy: deny() },
  {
    method: 'GET',
    target: '/images/docker.io/library/alpine:3.20/history',
    builtin: allow('image-inspect'),
    doxy: deny(),
  },
  { method: 'GET', target: '/images/alpine@sha256:0123abcd/json', builtin: allow('image-inspect'), doxy: deny() },

  // Podman's libpod API (doxy's pattern file has none of it): the same reads, with the version Podman's clients send.
  { method: 'GET', target: '/v4.3.1/libpod/_ping', builtin: allow('libpod-ping'), doxy: deny() },
  { method: 'HEAD', target: '/libpod/_ping', builtin: allow('libpod-ping'), doxy: deny() },
  {
    method: 'GET',
    target: '/v4.3.1/libpod/containers/json?all=true',
    builtin: allow('libpod-containers'),
    doxy: deny(),
  },
  { method: 'GET', target: '/v4.3.1/libpod/containers/web-1/json', builtin: allow('libpod-containers'), doxy: deny() },
  { method: 'GET', target: '/v4.3.1/libpod/containers/stats', builtin: allow('libpod-containers'), doxy: deny() },
  { method: 'GET', target: '/v4.3.1/libpod/containers/web/exists', builtin: allow('libpod-containers'), doxy: deny() },
  { method: 'GET', target: '/v1.41/libpod/images/json', builtin: allow('libpod-images'), doxy: deny() },
  {
    method: 'GET',
    target: '/v4.3.1/libpod/images/docker.io/library/alpine:3.20/json',
    builtin: allow('libpod-image-inspect'),
    doxy: deny(),
  },
  { method: 'GET', target: '/v4.3.1/libpod/images/alpine/tree', builtin: allow('libpod-image-inspect'), doxy: deny() },
  { method: 'GET', target: '/v4.3.1/libpod/networks/json', builtin: allow('libpod-networks'), doxy: deny() },
  { method: 'GET', target: '/v4.3.1/libpod/networks/podman/json', builtin: allow('libpod-networks'), doxy: deny() },
  { method: 'GET', target: '/v4.3.1/libpod/volumes/json', builtin: allow('libpod-volumes'), doxy: deny() },
  { method: 'GET', target: '/v4.3.1/libpod/volumes/data.v2/json', builtin: allow('libpod-volumes'), doxy: deny() },
  { method: 'GET', target: '/v4.3.1/libpod/pods/json', builtin: allow('libpod-pods'), doxy: deny() },
  { method: 'GET', target: '/v4.3.1/libpod/pods/web/top', builtin: allow('libpod-pods'), doxy: deny() },
  { method: 'GET', target: '/v4.3.1/libpod/info', builtin: allow('libpod-system'), doxy: deny() },
  { method: 'GET', target: '/v4.3.1/libpod/version', builtin: allow('libpod-system'), doxy: deny() },
  // ... and none of what the Docker reads leave out: exports, archives, logs, events, attach, exec, writes.
  { method: 'GET', target: '/v4.3.1/libpod/containers/x/export', builtin: deny(), doxy: deny() },
  { method: 'GET', target: '/v4.3.1/libpod/containers/x/archive?path=/etc', builtin: deny(), doxy: deny() },
  { method: 'GET', target: '/v4.3.1/libpod/containers/x/logs', builtin: deny(), doxy: deny() },
  { method: 'GET', target: '/v4.3.1/libpod/images/alpine/get', builtin: deny(), doxy: deny() },
  { method: 'GET', target: '/v4.3.1/libpod/images/export?references=alpine', builtin: deny(), doxy: deny() },
  { method: 'GET', target: '/v4.3.1/libpod/events', builtin: deny(), doxy: deny() },
  { method: 'GET', target: '/v4.3.1/libpod/generate/kube?names=x', builtin: deny(), doxy: deny() },
  { method: 'POST', target: '/v4.3.1/libpod/containers/x/attach', builtin: deny(), doxy: deny() },
  { method: 'POST', target: '/v4.3.1/libpod/containers/create', builtin: deny(), doxy: deny() },
  { method: 'POST', target: '/v4.3.1/libpod/pods/create', builtin: deny(), doxy: deny() },
  { method: 'GET', target: '/v4.3.1/libpod/secrets/json', builtin: deny(), doxy: deny() },
  { method: 'GET', target: '/v4.3.1/images/json', builtin: REFUSE, doxy: REFUSE },

  // Never granted by either: exec, export, archive, image export, secrets, configs, unlock key, attach, logs, events.
  { method: 'POST', target: '/containers/x/exec', builtin: deny(), doxy: deny() },
  { method: 'GET', target: '/containers/x/exec', builtin: deny(), doxy: deny() },
  { method: 'POST', target: '/exec/abc/start', builtin: deny(), doxy: deny() },
  { method: 'GET', target: '/containers/x/export', builtin: deny(), doxy: deny() },
  { method: 'GET', target: '/containers/x/archive?path=/etc', builtin: deny(), doxy: deny() },
  { method: 'PUT', target: '/containers/x/archive?path=/etc', builtin: deny(), doxy: deny() },
  { method: 'HEAD', target: '/containers/x/archive?path=/etc', builtin: deny(), doxy: deny() },
  { method: 'GET', target: '/images/x/get', builtin: deny(), doxy: deny() },
  { method: 'GET', target: '/v1.41/images/alpine/get', builtin: deny(), doxy: deny() },
  { method: 'GET', target: '/secrets', builtin: deny(), doxy: deny() },
  { method: 'GET', target: '/secrets/s1', builtin: deny(), doxy: deny() },
  { method: 'GET', target: '/configs', builtin: deny(), doxy: deny() },
  { method: 'GET', target: '/swarm/unlockkey', builtin: deny(), doxy: deny() },
  { method: 'GET', target: '/swarm', builtin: deny(), doxy: deny() },
  { method: 'GET', target: '/containers/x/attach/ws', builtin: deny(), doxy: deny() },
  { method: 'POST', target: '/containers/x/attach', builtin: deny(), doxy: deny() },
  { method: 'GET', target: '/containers/x/logs', builtin: deny(), doxy: deny() },
  { method: 'GET', target: '/events', builtin: deny(), doxy: deny() },
  { method: 'GET', target: '/system/df', builtin: deny(), doxy: deny() },
  { method: 'GET', target: '/', builtin: deny(), doxy: deny() },

  // Every write is denied: POST, PUT, DELETE, PATCH, even on paths a GET may read.
  { method: 'POST', target: '/containers/create', builtin: deny(), doxy: deny() },
  { method: 'POST', target: '/containers/x/start', builtin: deny(), doxy: deny() },
  { method: 'POST', target: '/containers/json', builtin: deny(), doxy: deny() },
  { method: 'POST', target: '/_ping', builtin: deny(), doxy: deny() },
  { method: 'POST', target: '/images/create?fromImage=alpine', builtin: deny(), doxy: deny() },
  { method: 'POST', target: '/build', builtin: deny(), doxy: deny() },
  { method: 'POST', target: '/volumes/prune', builtin: deny(), doxy: deny() },
  { method: 'DELETE', target: '/containers/x', builtin: deny(), doxy: deny() },
  { method: 'DELETE', target: '/images/alpine', builtin: deny(), doxy: deny() },
  { method: 'DELETE', target: '/networks/n1', builtin: deny(), doxy: deny() },
  { method: 'DELETE', target: '/volumes/data_1', builtin: deny(), doxy: deny() },
  { method: 'PUT', target: '/volumes/data_1', builtin: deny(), doxy: deny() },
  { method: 'PATCH', target: '/info', builtin: deny(), doxy: deny() },
  { method: 'OPTIONS', target: '/info', builtin: deny(), doxy: deny() },
  { method: 'TRACE', target: '/info', builtin: deny(), doxy: deny() },

  // Paths are case-sensitive and literal: no rule reads past a ";" or folds case, and an encoded "?" or "#" is part of
  // the path, not the start of a query or fragment. HEAD is not GET.
  { method: 'GET', target: '/containers/json%3Fall=1', builtin: deny(), doxy: deny() },
  { method: 'GET', target: '/containers/json%23x', builtin: deny(), doxy: deny() },
  { method: 'HEAD', target: '/containers/json', builtin: deny(), doxy: deny() },
  { method: 'HEAD', target: '/info', builtin: deny(), doxy: deny() },
  { method: 'GET', target: '/Containers/json', builtin: deny(), doxy: deny() },
  { method: 'GET', target: '/containers/JSON', builtin: deny(), doxy: deny() },
  { method: 'GET', target: '/containers/json;x=1', builtin: deny(), doxy: deny() },
  { method: 'GET', target: '/V1.41/info', builtin: deny(), doxy: deny() },
  { method: 'GET', target: '/info/x', builtin: deny(), doxy: deny() },
  { method: 'GET', target: '/_pingx', builtin: deny(), doxy: deny() },
  { method: 'GET', target: '/x/_ping', builtin: deny(), doxy: deny() },

  // Refused before any rule: the set cannot matter.
  { method: 'GET', target: '/_ping/../containers/create', builtin: REFUSE, doxy: REFUSE },
  { method: 'GET', target: '/containers/json/', builtin: REFUSE, doxy: REFUSE },
  { method: 'GET', target: '//containers/json', builtin: REFUSE, doxy: REFUSE },
  { method: 'GET', target: '/containers%2Fjson', builtin: REFUSE, doxy: REFUSE },
  { method: 'GET', target: '/v1.41.0/info', builtin: REFUSE, doxy: REFUSE },
  { method: 'GET', target: '/_ping#x', builtin: REFUSE, doxy: REFUSE },
  { method: 'GET', target: 'http://docker/_ping', builtin: REFUSE, doxy: REFUSE },
  { method: 'get', target: '/_ping', builtin: REFUSE, doxy: REFUSE },
  { method: 'GET', target: '/_ping%00', builtin: REFUSE, doxy: REFUSE },
  { method: 'GET', target: '/_ping/%2e%2e/containers/json', builtin: REFUSE, doxy: REFUSE },
  { method: 'GET', target: '/containers/x%2Fy/json', builtin: REFUSE, doxy: REFUSE },
  { method: 'GET', target: '/_ping%C3', builtin: REFUSE, doxy: REFUSE },
  { method: 'GET', target: '/v1.41/containers/json?all=1#x', builtin: REFUSE, doxy: REFUSE },
  { method: 'GET', target: 'http://docker/v1.41/containers/json', builtin: REFUSE, doxy: REFUSE },
  { method: 'OPTIONS', target: '*', builtin: REFUSE, doxy: REFUSE },
  { method: 'CONNECT', target: '/_ping', builtin: REFUSE, doxy: REFUSE },
  { method: 'CONNECT', target: 'docker:2375', builtin: REFUSE, doxy: REFUSE },
];

/** A case as test names print it: the set, the method (quoted: it may be empty or odd), the target, the outcome. */
export function caseTitle(c: DecideCase): string {
  const outcome = c.expect.ruleId === null ? c.expect.verdict : `${c.expect.verdict} by ${c.expect.ruleId}`;
  return `${c.rules}: ${JSON.stringify(c.method)} ${c.target} is ${outcome}`;
}

/** The cases of one rule set, in table order. */
export function casesOf(name: DecideRuleSetName): readonly DecideCase[] {
  return DECIDE_CASES.filter((c) => c.rules === name);
}

export const DECIDE_CASES: readonly DecideCase[] = [
  ...DEFAULTS.flatMap((c): DecideCase[] => [
    { rules: 'builtin', method: c.method, target: c.target, expect: c.builtin },
    { rules: 'doxy', method: c.method, target: c.target, expect: c.doxy },
  ]),

  // First match wins: a deny before an allow decides, and nothing after the deciding rule is read.
  { rules: 'ordering', method: 'GET', target: '/containers/secret/json', expect: deny('deny-secret') },
  { rules: 'ordering', method: 'GET', target: '/containers/web/json', expect: allow('allow-inspect') },
  { rules: 'ordering', method: 'GET', target: '/containers/Web/json', expect: deny() },
  { rules: 'ordering', method: 'POST', target: '/containers/web/json', expect: deny() },
  { rules: 'ordering', method: 'GET', target: '/_ping', expect: allow('allow-ping') },
  { rules: 'ordering', method: 'DELETE', target: '/_ping', expect: allow('allow-ping') },
  { rules: 'ordering', method: 'TRACE', target: '/_ping', expect: allow('allow-ping') },

  // Disabled rules are skipped as if absent.
  { rules: 'disabled', method: 'GET', target: '/x', expect: allow('on-allow') },
  { rules: 'disabled', method: 'POST', target: '/x', expect: deny() },
  { rules: 'disabled', method: 'GET', target: '/y', expect: deny() },
  { rules: 'disabled', method: 'GET', target: '/z', expect: deny() },
  { rules: 'disabled', method: 'TRACE', target: '/x', expect: deny() },

  // Methods: a list names exactly its methods; "*" takes every method, those no rule can name included, but CONNECT
  // (a tunnel, never an API call) is refused before any rule.
  { rules: 'methods', method: 'POST', target: '/w', expect: allow('writes') },
  { rules: 'methods', method: 'DELETE', target: '/w', expect: allow('writes') },
  { rules: 'methods', method: 'GET', target: '/w', expect: deny() },
  { rules: 'methods', method: 'PUT', target: '/w', expect: deny() },
  { rules: 'methods', method: 'TRACE', target: '/w', expect: deny() },
  { rules: 'methods', method: 'GET', target: '/s', expect: allow('star') },
  { rules: 'methods', method: 'HEAD', target: '/s', expect: allow('star') },
  { rules: 'methods', method: 'POST', target: '/s', expect: allow('star') },
  { rules: 'methods', method: 'PUT', target: '/s', expect: allow('star') },
  { rules: 'methods', method: 'DELETE', target: '/s', expect: allow('star') },
  { rules: 'methods', method: 'PATCH', target: '/s', expect: allow('star') },
  { rules: 'methods', method: 'OPTIONS', target: '/s', expect: allow('star') },
  { rules: 'methods', method: 'TRACE', target: '/s', expect: allow('star') },
  { rules: 'methods', method: 'CONNECT', target: '/s', expect: REFUSE },
  { rules: 'methods', method: 'HEAD', target: '/h', expect: allow('head-only') },
  { rules: 'methods', method: 'GET', target: '/h', expect: deny() },
  { rules: 'methods', method: 'GET', target: '/gh', expect: allow('get-head') },
  { rules: 'methods', method: 'HEAD', target: '/gh', expect: allow('get-head') },
  { rules: 'methods', method: 'POST', target: '/gh', expect: deny() },
  { rules: 'methods', method: 'GET', target: '/d', expect: deny('deny-star') },
  { rules: 'methods', method: 'TRACE', target: '/d', expect: deny('deny-star') },
  { rules: 'methods', method: 'M-SEARCH', target: '/s', expect: REFUSE },

  // No rule: deny by default, for every method.
  { rules: 'empty', method: 'GET', target: '/_ping', expect: deny() },
  { rules: 'empty', method: 'HEAD', target: '/', expect: deny() },
  { rules: 'empty', method: 'TRACE', target: '/x', expect: deny() },
  { rules: 'empty', method: 'GET', target: '/_ping/..', expect: REFUSE },

  // Refusals come before any rule, even one that allows everything.
  { rules: 'allow-all', method: 'GET', target: '/anything/at/all', expect: allow('everything') },
  { rules: 'allow-all', method: 'TRACE', target: '/', expect: allow('everything') },
  { rules: 'allow-all', method: 'POST', target: '/_ping?/../containers/create', expect: allow('everything') },
  { rules: 'allow-all', method: 'HEAD', target: '/info', expect: allow('everything') },
  { rules: 'allow-all', method: 'GET', target: '/containers/json%3Fall=1', expect: allow('everything') },
  { rules: 'allow-all', method: 'GET', target: '/_ping%20', expect: allow('everything') },
  { rules: 'allow-all', method: 'CONNECT', target: '/', expect: REFUSE },
  { rules: 'allow-all', method: 'GET', target: '/_ping/%2E%2E', expect: REFUSE },
  { rules: 'allow-all', method: 'POST', target: '/_ping/../containers/create', expect: REFUSE },
  { rules: 'allow-all', method: 'POST', target: '/containers%2fcreate', expect: REFUSE },
  { rules: 'allow-all', method: 'GET', target: '/_ping%00', expect: REFUSE },
  { rules: 'allow-all', method: 'GET', target: '/containers//json', expect: REFUSE },
  { rules: 'allow-all', method: 'GET', target: '/v1/info', expect: REFUSE },
  { rules: 'allow-all', method: 'GET', target: '*', expect: REFUSE },
  { rules: 'allow-all', method: 'post', target: '/_ping', expect: REFUSE },
  { rules: 'allow-all', method: '', target: '/_ping', expect: REFUSE },
];
