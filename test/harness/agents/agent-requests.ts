// Each preset operation as an agent sends it, on real fixtures, with the daemon's own answer; writes aim at absent objects
// so that reaching the daemon changes nothing. And a sample of operations agents must not get, whose effect a test can see.
import { randomBytes } from 'node:crypto';

/** What exists on the daemon for the requests to name. */
export interface Fixtures {
  /** A running container. */
  readonly container: string;
  readonly image: string;
  readonly volume: string;
}

export interface AgentRequest {
  readonly method: string;
  /** The path without an API version; the test sends it with and without one. */
  readonly path: string;
  readonly query?: string;
  readonly body?: unknown;
  /** The daemon's status for it: proof that doxy forwarded it. */
  readonly status: number;
}

const ABSENT = 'doxy-absent-0';
const SWARM_ONLY = 503; // not a swarm manager: the daemon's answer, not doxy's

/** Keyed by `METHOD /template` as in the catalog; every operation a preset (other than full control) names is here. */
export const AGENT_REQUESTS: Record<string, (fx: Fixtures) => AgentRequest> = {
  'GET /containers/json': () => ({ method: 'GET', path: '/containers/json', query: 'all=1', status: 200 }),
  'GET /containers/{id}/json': (fx) => ({ method: 'GET', path: `/containers/${fx.container}/json`, status: 200 }),
  'GET /containers/{id}/logs': (fx) => ({
    method: 'GET',
    path: `/containers/${fx.container}/logs`,
    query: 'stdout=1&tail=5',
    status: 200,
  }),
  'GET /containers/{id}/stats': (fx) => ({
    method: 'GET',
    path: `/containers/${fx.container}/stats`,
    query: 'stream=false&one-shot=true',
    status: 200,
  }),
  // `until` closes the stream at once, so the whole answer can be read.
  'GET /events': () => ({
    method: 'GET',
    path: '/events',
    query: `until=${Math.floor(Date.now() / 1000)}`,
    status: 200,
  }),
  'GET /images/json': () => ({ method: 'GET', path: '/images/json', status: 200 }),
  'GET /images/{name}/json': (fx) => ({ method: 'GET', path: `/images/${fx.image}/json`, status: 200 }),
  'GET /info': () => ({ method: 'GET', path: '/info', status: 200 }),
  'GET /networks': () => ({ method: 'GET', path: '/networks', status: 200 }),
  'GET /networks/{id}': () => ({ method: 'GET', path: '/networks/none', status: 200 }),
  'GET /volumes': () => ({ method: 'GET', path: '/volumes', status: 200 }),
  'GET /volumes/{name}': (fx) => ({ method: 'GET', path: `/volumes/${fx.volume}`, status: 200 }),
  'GET /nodes': () => ({ method: 'GET', path: '/nodes', status: SWARM_ONLY }),
  'GET /services': () => ({ method: 'GET', path: '/services', status: SWARM_ONLY }),
  'GET /services/{id}': () => ({ method: 'GET', path: `/services/${ABSENT}`, status: SWARM_ONLY }),
  'GET /tasks': () => ({ method: 'GET', path: '/tasks', status: SWARM_ONLY }),
  'POST /containers/create': () => ({
    method: 'POST',
    path: '/containers/create',
    body: { Image: `${ABSENT}:none` },
    status: 404,
  }),
  'POST /containers/{id}/start': () => ({ method: 'POST', path: `/containers/${ABSENT}/start`, status: 404 }),
  'POST /containers/{id}/stop': () => ({ method: 'POST', path: `/containers/${ABSENT}/stop`, status: 404 }),
  'POST /containers/{id}/restart': () => ({ method: 'POST', path: `/containers/${ABSENT}/restart`, status: 404 }),
  'POST /containers/{id}/kill': () => ({ method: 'POST', path: `/containers/${ABSENT}/kill`, status: 404 }),
  'POST /containers/{id}/rename': () => ({
    method: 'POST',
    path: `/containers/${ABSENT}/rename`,
    query: 'name=doxy-absent-1',
    status: 404,
  }),
  'POST /containers/{id}/wait': () => ({ method: 'POST', path: `/containers/${ABSENT}/wait`, status: 404 }),
  'POST /containers/{id}/resize': () => ({
    method: 'POST',
    path: `/containers/${ABSENT}/resize`,
    query: 'h=24&w=80',
    status: 404,
  }),
  'POST /containers/{id}/attach': () => ({
    method: 'POST',
    path: `/containers/${ABSENT}/attach`,
    query: 'stream=1&stdout=1',
    status: 404,
  }),
  'POST /containers/{id}/exec': () => ({
    method: 'POST',
    path: `/containers/${ABSENT}/exec`,
    body: { Cmd: ['true'] },
    status: 404,
  }),
  'POST /exec/{id}/start': () => ({
    method: 'POST',
    path: `/exec/${ABSENT}/start`,
    body: { Detach: true },
    status: 404,
  }),
  'POST /exec/{id}/resize': () => ({ method: 'POST', path: `/exec/${ABSENT}/resize`, query: 'h=24&w=80', status: 404 }),
  'GET /exec/{id}/json': () => ({ method: 'GET', path: `/exec/${ABSENT}/json`, status: 404 }),
  'DELETE /containers/{id}': () => ({ method: 'DELETE', path: `/containers/${ABSENT}`, status: 404 }),
  // A registry that refuses at once: a pull that reaches the daemon fails there, fast, with or without a network.
  'POST /images/create': () => ({
    method: 'POST',
    path: '/images/create',
    query: `fromImage=127.0.0.1:9/${ABSENT}&tag=none`,
    status: 500,
  }),
  'DELETE /images/{name}': () => ({ method: 'DELETE', path: `/images/${ABSENT}:none`, status: 404 }),
  'POST /networks/create': () => ({ method: 'POST', path: '/networks/create', body: {}, status: 500 }),
  'POST /networks/{id}/connect': (fx) => ({
    method: 'POST',
    path: `/networks/${ABSENT}/connect`,
    body: { Container: fx.container },
    status: 404,
  }),
  'POST /networks/{id}/disconnect': (fx) => ({
    method: 'POST',
    path: `/networks/${ABSENT}/disconnect`,
    body: { Container: fx.container },
    status: 404,
  }),
  'DELETE /networks/{id}': () => ({ method: 'DELETE', path: `/networks/${ABSENT}`, status: 404 }),
  'POST /volumes/create': () => ({
    method: 'POST',
    path: '/volumes/create',
    body: { Name: 'doxy absent' },
    status: 400,
  }),
  'DELETE /volumes/{name}': () => ({ method: 'DELETE', path: `/volumes/${ABSENT}`, status: 404 }),
};

/** An operation an agent must not get, sent for real: if doxy forwarded it, the daemon would show it. */
export interface ForbiddenRequest {
  readonly op: string;
  readonly method: string;
  readonly path: string;
  readonly query?: string;
  readonly body?: unknown;
  /** Names it would have created, which must not exist afterwards. */
  readonly creates?: { readonly kind: 'container' | 'network' | 'volume'; readonly name: string };
}

export function forbiddenSample(fx: Fixtures): ForbiddenRequest[] {
  const name = (what: string) => `doxy-it-${what}-${randomBytes(4).toString('hex')}`;
  const container = name('denied-create');
  const network = name('denied-net');
  const volume = name('denied-vol');
  return [
    {
      op: 'POST /containers/create',
      method: 'POST',
      path: '/containers/create',
      query: `name=${container}`,
      body: { Image: fx.image, Cmd: ['true'], HostConfig: { NetworkMode: 'none' } },
      creates: { kind: 'container', name: container },
    },
    {
      op: 'POST /containers/{id}/exec',
      method: 'POST',
      path: `/containers/${fx.container}/exec`,
      body: { Cmd: ['sh', '-c', 'echo ran > /tmp/marker'] },
    },
    { op: 'POST /containers/{id}/stop', method: 'POST', path: `/containers/${fx.container}/stop`, query: 't=0' },
    { op: 'POST /containers/{id}/kill', method: 'POST', path: `/containers/${fx.container}/kill` },
    { op: 'DELETE /containers/{id}', method: 'DELETE', path: `/containers/${fx.container}`, query: 'force=1' },
    {
      op: 'POST /networks/create',
      method: 'POST',
      path: '/networks/create',
      body: { Name: network },
      creates: { kind: 'network', name: network },
    },
    {
      op: 'POST /volumes/create',
      method: 'POST',
      path: '/volumes/create',
      body: { Name: volume },
      creates: { kind: 'volume', name: volume },
    },
    { op: 'GET /containers/{id}/json', method: 'GET', path: `/containers/${fx.container}/json` },
    { op: 'GET /containers/{id}/export', method: 'GET', path: `/containers/${fx.container}/export` },
    { op: 'GET /images/get', method: 'GET', path: '/images/get', query: `names=${encodeURIComponent(fx.image)}` },
    {
      op: 'PUT /containers/{id}/archive',
      method: 'PUT',
      path: `/containers/${fx.container}/archive`,
      query: 'path=/tmp',
      body: '',
    },
  ];
}
