// Path and method tricks: no spelling of a denied endpoint reaches it, judged by whether the daemon made a container.
//
// How the daemon itself routes each form (Docker 20.10.24, API 1.41; asked directly on its socket with
// POST and {"Image":"<missing>"}; the first test below asks again on every run and fails if this changes):
//   create      = the create handler ran ("No such image"); with a real image it makes a container
//   not-found   = 404 "page not found"        redirect = 301 to the cleaned path (nothing runs)
//   bad-version = 400 "client version ... is too old/new"
//
// | target                               | daemon      | doxy (deny * create, allow * .*)          |
// |--------------------------------------|-------------|-------------------------------------------|
// | /containers/create                   | create      | 403 denied                                |
// | /v1.41/containers/create             | create      | 403 denied                                |
// | /v1.41.0/containers/create           | create      | 400 refused: version not vN.N             |
// | /v01.041/containers/create           | create      | 400 refused: leading zero                 |
// | /v1.041/containers/create            | create      | 400 refused: leading zero                 |
// | /v1.41./containers/create            | create      | 400 refused: version not vN.N             |
// | /v1/, /v99/, /v1.99/ ...             | bad-version | 400 refused / 403 denied                  |
// | /containers%2Fcreate, %2f            | create      | 400 refused: encoded "/"                  |
// | /v1.41%2Fcontainers/create           | create      | 400 refused: encoded "/"                  |
// | /%63ontainers/create, /containers/%63reate, /%76%31%2E%34%31/containers/create | create | 403 denied (decoded first) |
// | //containers/create, /containers//create, /v1.41//containers/create, /%2F/... | redirect | 400 refused |
// | /containers/x/../create, %2e%2e, %2E., /./, /containers/./create | redirect | 400 refused: dot segment |
// | /containers/create/                  | not-found   | 400 refused: trailing "/"                 |
// | /containers/create;x, /containers;x/create | not-found | forwarded, daemon 404                  |
// | /Containers/create, /containers/CREATE, /V1.41/... | not-found | forwarded, daemon 404            |
// | http://docker/containers/create, HTTP://... | create | 400 refused: absolute-form                 |
// | /containers/create#x                 | not-found   | 400 refused: fragment                     |
// | /containers/create%23x, %3Fx=1, %20, %2e, "." | not-found | forwarded, daemon 404               |
// | /containers/create%00                | not-found   | 400 refused: control byte                 |
// | /containers%5Ccreate, /containers\create | not-found | 400 refused: "\"                        |
// | /containers/create?x=/../, ...create? | create     | 403 denied (the query is not the path)    |
// | /_ping?/../containers/create         | not-found   | forwarded as /_ping, daemon 404 for POST  |
// | /v1.41/v1.41/containers/create       | not-found   | forwarded, daemon 404                     |
// | *                                    | redirect    | 400 refused                               |
// | /containers/create?x=<9000 chars>    | create      | 400 refused: target over 8192             |
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { dockerEnv } from '../harness/env.ts';
import { exchange, req, statuses, type Exchange } from '../harness/raw-http.ts';
import { casesMade, cleanDaemon, containerConfig, containersLabelled, startProxy, type ProxyUnderTest } from './lib.ts';

const { env, skip } = dockerEnv();

type Route = 'create' | 'not-found' | 'redirect' | 'bad-version';
type Outcome = 'denied' | 'refused' | 'daemon-404' | 'too-large';

interface Form {
  readonly target: string;
  readonly daemon: Route;
  readonly doxy: Outcome;
}

const LONG_QUERY = `/containers/create?x=${'a'.repeat(9000)}`;

const FORMS: readonly Form[] = [
  { target: '/containers/create', daemon: 'create', doxy: 'denied' },
  { target: '/v1.41/containers/create', daemon: 'create', doxy: 'denied' },
  { target: '/v1.41.0/containers/create', daemon: 'create', doxy: 'refused' },
  { target: '/v01.041/containers/create', daemon: 'create', doxy: 'refused' },
  { target: '/v1.041/containers/create', daemon: 'create', doxy: 'refused' },
  { target: '/v1.41./containers/create', daemon: 'create', doxy: 'refused' },
  { target: '/v1/containers/create', daemon: 'bad-version', doxy: 'refused' },
  { target: '/v99/containers/create', daemon: 'bad-version', doxy: 'refused' },
  { target: '/v1.99/containers/create', daemon: 'bad-version', doxy: 'denied' },
  { target: '/containers%2Fcreate', daemon: 'create', doxy: 'refused' },
  { target: '/containers%2fcreate', daemon: 'create', doxy: 'refused' },
  { target: '/v1.41%2Fcontainers/create', daemon: 'create', doxy: 'refused' },
  { target: '/%63ontainers/create', daemon: 'create', doxy: 'denied' },
  { target: '/containers/%63reate', daemon: 'create', doxy: 'denied' },
  { target: '/%76%31%2E%34%31/containers/create', daemon: 'create', doxy: 'denied' },
  { target: '//containers/create', daemon: 'redirect', doxy: 'refused' },
  { target: '/containers//create', daemon: 'redirect', doxy: 'refused' },
  { target: '/v1.41//containers/create', daemon: 'redirect', doxy: 'refused' },
  { target: '/%2F/containers/create', daemon: 'redirect', doxy: 'refused' },
  { target: '/containers/x/../create', daemon: 'redirect', doxy: 'refused' },
  { target: '/containers/x/%2e%2e/create', daemon: 'redirect', doxy: 'refused' },
  { target: '/containers/x/%2E./create', daemon: 'redirect', doxy: 'refused' },
  { target: '/./containers/create', daemon: 'redirect', doxy: 'refused' },
  { target: '/containers/./create', daemon: 'redirect', doxy: 'refused' },
  { target: '/containers/create/', daemon: 'not-found', doxy: 'refused' },
  { target: '/containers/create;x', daemon: 'not-found', doxy: 'daemon-404' },
  { target: '/containers;x/create', daemon: 'not-found', doxy: 'daemon-404' },
  { target: '/Containers/create', daemon: 'not-found', doxy: 'daemon-404' },
  { target: '/containers/CREATE', daemon: 'not-found', doxy: 'daemon-404' },
  { target: '/V1.41/containers/create', daemon: 'not-found', doxy: 'daemon-404' },
  { target: 'http://docker/containers/create', daemon: 'create', doxy: 'refused' },
  { target: 'HTTP://docker/containers/create', daemon: 'create', doxy: 'refused' },
  { target: '/containers/create#x', daemon: 'not-found', doxy: 'refused' },
  { target: '/containers/create%23x', daemon: 'not-found', doxy: 'daemon-404' },
  { target: '/containers/create%3Fx=1', daemon: 'not-found', doxy: 'daemon-404' },
  { target: '/containers/create%20', daemon: 'not-found', doxy: 'daemon-404' },
  { target: '/containers/create%2e', daemon: 'not-found', doxy: 'daemon-404' },
  { target: '/containers/create.', daemon: 'not-found', doxy: 'daemon-404' },
  { target: '/containers/create%00', daemon: 'not-found', doxy: 'refused' },
  { target: '/containers%5Ccreate', daemon: 'not-found', doxy: 'refused' },
  { target: '/containers\\create', daemon: 'not-found', doxy: 'refused' },
  { target: '/containers/create?x=/../', daemon: 'create', doxy: 'denied' },
  { target: '/containers/create?', daemon: 'create', doxy: 'denied' },
  { target: '/_ping?/../containers/create', daemon: 'not-found', doxy: 'daemon-404' },
  { target: '/v1.41/v1.41/containers/create', daemon: 'not-found', doxy: 'daemon-404' },
  { target: '*', daemon: 'redirect', doxy: 'refused' },
  { target: LONG_QUERY, daemon: 'create', doxy: 'refused' },
];

/** A create body that the create handler refuses without making anything: the image does not exist. */
const PROBE_BODY = JSON.stringify({ Image: 'doxy-security-no-such-image:never', Cmd: ['true'] });

function routeOf(x: Exchange): string {
  const r = x.responses[0];
  if (!r) return 'no answer';
  const body = r.body.toString('utf8');
  if (body.includes('No such image: doxy-security-no-such-image')) return 'create';
  if (r.status === 301) return 'redirect';
  if (r.status === 400 && body.includes('client version')) return 'bad-version';
  if (r.status === 404 && body.includes('page not found')) return 'not-found';
  return `${r.status} ${body.slice(0, 80)}`;
}

function outcomeOf(x: Exchange): string {
  const r = x.responses[0];
  if (!r) return x.closed ? 'closed without an answer' : 'no answer';
  const body = r.body.toString('utf8');
  if (r.status === 403 && body.includes('is denied')) return 'denied';
  if (r.status === 400 && body.includes('doxy: refused')) return 'refused';
  if (r.status === 431) return 'too-large';
  if (r.status === 404 && body.includes('page not found')) return 'daemon-404';
  return `${r.status} ${body.slice(0, 120)}`;
}

function short(target: string): string {
  return target.length > 60 ? `${target.slice(0, 40)}...(${target.length} chars)` : target;
}

const DENY_CREATE = 'deny * ^/(v\\d+\\.\\d+/)?containers/create$\nallow * .*\n';

describe('path tricks', { skip }, () => {
  let proxy: ProxyUnderTest;
  const docker = env?.socket ?? '';
  const image = env?.image ?? '';

  before(async () => {
    proxy = await startProxy(docker, DENY_CREATE);
  });
  after(async () => {
    await proxy?.stop();
    await cleanDaemon(docker);
  });

  it('the daemon routes each odd form as the table in this file says (asked directly, nothing is made)', async () => {
    const got: string[] = [];
    const want: string[] = [];
    for (const f of FORMS) {
      const x = await exchange(
        docker,
        req('POST', f.target, { 'Content-Type': 'application/json', Connection: 'close' }, PROBE_BODY),
      );
      got.push(`${short(f.target)} -> ${routeOf(x)}`);
      want.push(`${short(f.target)} -> ${f.daemon}`);
    }
    assert.deepEqual(got, want);
  });

  it('no spelling of POST /containers/create makes a container through the proxy', async () => {
    const got: string[] = [];
    const want: string[] = [];
    for (const [i, f] of FORMS.entries()) {
      const body = JSON.stringify(containerConfig(image, `path-${i}`));
      const x = await exchange(
        proxy.socket,
        req('POST', f.target, { 'Content-Type': 'application/json', Connection: 'close' }, body),
      );
      got.push(`${short(f.target)} -> ${outcomeOf(x)}`);
      want.push(`${short(f.target)} -> ${f.doxy}`);
    }
    // Each container is named by its case, path-<index in FORMS>.
    assert.deepEqual(await casesMade(docker), [], 'the daemon made a container');
    assert.deepEqual(got, want);
  });

  it('a target too long for the header block is answered 431 and makes nothing', async () => {
    const body = JSON.stringify(containerConfig(image, 'path-431'));
    const x = await exchange(
      proxy.socket,
      req(
        'POST',
        `/containers/create?x=${'a'.repeat(20_000)}`,
        { 'Content-Type': 'application/json', Connection: 'close' },
        body,
      ),
    );
    assert.deepEqual(statuses(x), [431]);
    assert.deepEqual(await containersLabelled(docker, 'doxy.case', 'path-431'), []);
  });
});

describe('version prefixes with leading zeros', { skip }, () => {
  // A rule that names the major version as written by every client: `/v01.41/` is the same version to the daemon.
  const NARROW = 'deny * ^/(v1\\.[0-9]+/)?containers/create$\nallow * .*\n';
  let proxy: ProxyUnderTest;
  const docker = env?.socket ?? '';
  const image = env?.image ?? '';

  before(async () => {
    proxy = await startProxy(docker, NARROW);
  });
  after(async () => {
    await proxy?.stop();
    await cleanDaemon(docker);
  });

  for (const target of ['/v01.41/containers/create', '/v001.41/containers/create', '/v1.041/containers/create']) {
    it(`${target} is refused, and no container is made`, async () => {
      const tag = `zero-${target.split('/')[1]}`;
      const x = await exchange(
        proxy.socket,
        req(
          'POST',
          target,
          { 'Content-Type': 'application/json', Connection: 'close' },
          JSON.stringify(containerConfig(image, tag)),
        ),
      );
      assert.deepEqual(await containersLabelled(docker, 'doxy.case', tag), []);
      assert.equal(outcomeOf(x), 'refused');
    });
  }
});

describe('method tricks', { skip }, () => {
  // Only POST is denied here, so a trick that made the daemon run create under another method would show.
  const DENY_POST_CREATE = 'deny POST ^/(v\\d+\\.\\d+/)?containers/create$\nallow * .*\n';
  let proxy: ProxyUnderTest;
  const docker = env?.socket ?? '';
  const image = env?.image ?? '';

  before(async () => {
    proxy = await startProxy(docker, DENY_POST_CREATE);
  });
  after(async () => {
    await proxy?.stop();
    await cleanDaemon(docker);
  });

  interface MethodCase {
    readonly name: string;
    readonly method: string;
    readonly headers?: Readonly<Record<string, string>>;
    readonly target?: string;
    /** The status the client sees. */
    readonly expect: number;
  }

  const CASES: readonly MethodCase[] = [
    { name: 'lower-case post', method: 'post', expect: 400 },
    { name: 'mixed-case Post', method: 'Post', expect: 400 },
    { name: 'unknown method FOO', method: 'FOO', expect: 400 },
    { name: 'POST with a trailing tab', method: 'POST\t', expect: 400 },
    { name: 'HEAD (the daemon has no HEAD route for create)', method: 'HEAD', expect: 404 },
    { name: 'PUT', method: 'PUT', expect: 404 },
    { name: 'PATCH', method: 'PATCH', expect: 404 },
    { name: 'GET', method: 'GET', expect: 404 },
    { name: 'PURGE (a method Node parses that no rule can name)', method: 'PURGE', expect: 404 },
    { name: 'PROPFIND', method: 'PROPFIND', expect: 404 },
    {
      name: 'GET with X-HTTP-Method-Override: POST',
      method: 'GET',
      headers: { 'X-HTTP-Method-Override': 'POST' },
      expect: 400,
    },
    { name: 'PUT with X-HTTP-Method: POST', method: 'PUT', headers: { 'X-HTTP-Method': 'POST' }, expect: 400 },
    { name: 'GET with X-Method-Override: POST', method: 'GET', headers: { 'X-Method-Override': 'POST' }, expect: 400 },
    { name: 'GET with ?_method=POST', method: 'GET', target: '/containers/create?_method=POST', expect: 404 },
    { name: 'CONNECT (a tunnel: refused, never forwarded)', method: 'CONNECT', expect: 400 },
  ];

  for (const [i, c] of CASES.entries()) {
    it(`${c.name} makes no container`, async () => {
      const tag = `method-${i}`;
      const body = JSON.stringify(containerConfig(image, tag));
      const bytes = req(
        c.method,
        c.target ?? '/containers/create',
        { 'Content-Type': 'application/json', Connection: 'close', ...c.headers },
        body,
      );
      const x = await exchange(proxy.socket, bytes);
      assert.deepEqual(await containersLabelled(docker, 'doxy.case', tag), [], 'the daemon made a container');
      assert.equal(statuses(x)[0], c.expect, x.text.slice(0, 300));
    });
  }

  it('the denied POST itself is denied (the control case)', async () => {
    const x = await exchange(
      proxy.socket,
      req(
        'POST',
        '/containers/create',
        { 'Content-Type': 'application/json', Connection: 'close' },
        JSON.stringify(containerConfig(image, 'method-control')),
      ),
    );
    assert.equal(statuses(x)[0], 403);
    assert.deepEqual(await containersLabelled(docker, 'doxy.case', 'method-control'), []);
  });
});
