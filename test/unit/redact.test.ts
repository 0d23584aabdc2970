// Redaction of secrets in daemon answers: which requests are redacted (every API version, the daemon's own routes),
// and what each answer looks like after (names kept, values gone, every other byte the daemon's).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OPERATIONS } from '../../shared/catalog/engine-api.ts';
import { redactAnswer, REDACTED, REDACTED_DATA } from '../../shared/redact/redact-text.ts';
import { REDACTED_ROUTES, redactedRequest, type RedactedOperation } from '../../shared/redact/redacted-operations.ts';
import { canonicalize } from '../../shared/rules/canonical.ts';

const ROUTED: readonly [string, string, RedactedOperation | null][] = [
  ['GET', '/containers/abc/json', 'container-inspect'],
  ['GET', '/v1.24/containers/abc/json', 'container-inspect'],
  ['GET', '/v1.12/containers/web-1.app_x/json', 'container-inspect'],
  // The daemon routes `{name:.*}`: a name with a slash is still an inspect (it answers 404, but that is its business).
  ['GET', '/containers/a/b/json', 'container-inspect'],
  ['GET', '/containers/json/json', 'container-inspect'],
  ['GET', '/containers/json', null],
  ['GET', '/v1.41/containers/json', null],
  ['GET', '/containers/abc/logs', null],
  ['GET', '/containers/abc/json/archive', null],
  ['HEAD', '/containers/abc/json', null],
  ['POST', '/containers/abc/json', null],
  ['GET', '/exec/abc/json', null],
  ['GET', '/system/df', null],
  ['GET', '/services', 'service-list'],
  ['GET', '/v1.41/services', 'service-list'],
  ['GET', '/services/web', 'service-inspect'],
  ['GET', '/services/web/logs', null],
  ['GET', '/tasks', 'task-list'],
  ['GET', '/tasks/t1', 'task-inspect'],
  ['GET', '/tasks/t1/logs', null],
  ['GET', '/configs', 'config-list'],
  ['GET', '/v1.30/configs/c1', 'config-inspect'],
  ['GET', '/secrets/s1', null],
  ['GET', '/plugins', 'plugin-list'],
  ['GET', '/plugins/vieux/sshfs:latest/json', 'plugin-inspect'],
  ['GET', '/plugins/privileges', null],
  ['GET', '/images/busybox/json', null],
  ['GET', '/libpod/containers/abc/json', 'libpod-container-inspect'],
  ['GET', '/v4.3.1/libpod/containers/abc/json', 'libpod-container-inspect'],
  ['GET', '/v4.3.1/libpod/containers/json', null],
  ['GET', '/v4.3.1/libpod/images/abc/json', null],
  ['GET', '/v1.41', null],
];

describe('redactedRequest', () => {
  for (const [method, target, expected] of ROUTED)
    it(`${method} ${target} is ${expected ?? 'not redacted'}`, () => {
      const c = canonicalize(method, target);
      assert.ok(c.ok);
      assert.equal(redactedRequest(c), expected);
    });

  it('names catalog operations only, each a GET', () => {
    for (const r of REDACTED_ROUTES)
      assert.ok(
        OPERATIONS.some((o) => o.method === 'GET' && o.template === r.template),
        `${r.id}: GET ${r.template} is not in the catalog`,
      );
  });
});

const redacted = (op: RedactedOperation, body: unknown): unknown => {
  const r = redactAnswer(op, JSON.stringify(body));
  assert.ok(r.ok, r.ok ? '' : r.message);
  return JSON.parse(r.text);
};
const spec = (env: unknown): unknown => ({ TaskTemplate: { ContainerSpec: { Image: 'busybox', Env: env } } });

describe('redactAnswer', () => {
  it('keeps each variable name of a container and hides its value; an entry without "=" stays', () => {
    const body = { Id: 'x', Config: { Env: ['SECRET=hunter2', 'EMPTY=', 'A=b=c', 'NAME_ONLY', 'PATH=/bin'] } };
    assert.deepEqual(redacted('container-inspect', body), {
      Id: 'x',
      Config: {
        Env: [`SECRET=${REDACTED}`, `EMPTY=${REDACTED}`, `A=${REDACTED}`, 'NAME_ONLY', `PATH=${REDACTED}`],
      },
    });
  });

  it("hides a Podman container's values in its Env and in the command line it was made with", () => {
    const body = {
      Id: 'x',
      Config: {
        Env: ['SECRET=hunter2', 'PATH=/bin'],
        CreateCommand: ['podman', 'run', '-e', 'SECRET=hunter2', '--env=TOKEN=t0', 'busybox', 'sleep', '9'],
      },
    };
    assert.deepEqual(redacted('libpod-container-inspect', body), {
      Id: 'x',
      Config: {
        Env: [`SECRET=${REDACTED}`, `PATH=${REDACTED}`],
        CreateCommand: ['podman', 'run', '-e', `SECRET=${REDACTED}`, `--env=${REDACTED}`, 'busybox', 'sleep', '9'],
      },
    });
    // Made through the Docker-compatible API, a container has no CreateCommand.
    assert.deepEqual(redacted('libpod-container-inspect', { Config: { Env: null } }), { Config: { Env: null } });
  });

  it('leaves every other byte as the daemon wrote it: big numbers, escapes, key order, spacing', () => {
    const text =
      '{"Id":"x","HostConfig":{"MemorySwap":9223372036854775807},"Name":"\\u003cweb\\u003e",' +
      '"Config":{"Env":["K=v"],"Labels":{"z":"1","a":"2"}}}\n';
    const r = redactAnswer('container-inspect', text);
    assert.ok(r.ok);
    assert.equal(r.text, text.replace('"K=v"', `"K=${REDACTED}"`));
    assert.equal(r.redacted, 1);
  });

  it('returns the same text when there is nothing to hide (no Env, null Env, no Config)', () => {
    for (const text of [
      '{"Config":{"Env":null}}',
      '{"Config":{}}',
      '{"Config":null}',
      '{"Id":"x"}',
      '{"Config":{"Env":[]}}',
    ]) {
      const r = redactAnswer('container-inspect', text);
      assert.deepEqual(r, { ok: true, text, redacted: 0 });
    }
  });

  it('finds its way through escapes, nesting and whitespace it skips', () => {
    const text =
      ' { "A\\"\\\\" : ["}", {"Env":["X=1"]}, "\\"]"] ,\n "N":-1.5e+3,"T" : true,"F":false ,"Z":null, "Co\\u006efig" :\t{ "Labels": {"Env": "]"}, "Env" : [ "K=\\"v\\"" , "L" ] } } ';
    const r = redactAnswer('container-inspect', text);
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.deepEqual(JSON.parse(r.text), {
      'A"\\': ['}', { Env: ['X=1'] }, '"]'],
      N: -1500,
      T: true,
      F: false,
      Z: null,
      Config: { Labels: { Env: ']' }, Env: [`K=${REDACTED}`, 'L'] },
    });
  });

  it('follows every spelling a Go client would read: duplicate keys and other cases', () => {
    const text = '{"Config":{"Env":["A=1"],"env":["B=2"]},"config":{"ENV":["C=3"]}}';
    const r = redactAnswer('container-inspect', text);
    assert.ok(r.ok);
    assert.doesNotMatch(r.text, /=[123]"/);
    assert.equal(r.redacted, 3);
  });

  it('refuses a shape it does not know rather than relay it', () => {
    const cases: [RedactedOperation, string, RegExp][] = [
      ['container-inspect', '{"Config":{"Env":"SECRET=x"}}', /\/Config\/Env is not a list/],
      ['container-inspect', '{"Config":{"Env":["A=1",{"B":"2"}]}}', /\/Config\/Env\/1 is not a string/],
      ['container-inspect', '{"Config":["Env"]}', /\/Config is not an object/],
      ['container-inspect', '["x"]', /the answer is not an object/],
      ['container-inspect', '{"Config":{"Env":["A=1"]', /Expected ',' or '}' after property value in JSON/],
      ['container-inspect', '', /Unexpected end of JSON input/],
      ['container-inspect', '{"Config":{"Env":["A=1",]}}', /JSON/],
      ['container-inspect', '{"Config":{"Env":["A=1"]}} x', /JSON/],
      ['service-list', '{"Spec":{}}', /not a list/],
      ['service-list', '[1]', /\/0 is not an object/],
      ['config-inspect', '{"Spec":{"Data":["x"]}}', /\/Spec\/Data is not a string/],
      ['plugin-inspect', '{"Config":{"Env":{"Value":"x"}}}', /\/Config\/Env is not a list/],
    ];
    for (const [op, text, message] of cases) {
      const r = redactAnswer(op, text);
      assert.equal(r.ok, false, text);
      if (!r.ok) assert.match(r.message, message);
    }
  });

  it('redacts a service spec and the spec it had before an update, in inspect and list', () => {
    const service = { ID: 's', Spec: spec(['DB_PASSWORD=pw']), PreviousSpec: spec(['DB_PASSWORD=old']) };
    const expected = {
      ID: 's',
      Spec: spec([`DB_PASSWORD=${REDACTED}`]),
      PreviousSpec: spec([`DB_PASSWORD=${REDACTED}`]),
    };
    assert.deepEqual(redacted('service-inspect', service), expected);
    assert.deepEqual(redacted('service-list', [service, { ID: 't', Spec: spec(null) }]), [
      expected,
      { ID: 't', Spec: spec(null) },
    ]);
  });

  it('redacts a task spec, in inspect and list', () => {
    const task = { ID: 't', Spec: { ContainerSpec: { Env: ['TOKEN=abc'] } } };
    const expected = { ID: 't', Spec: { ContainerSpec: { Env: [`TOKEN=${REDACTED}`] } } };
    assert.deepEqual(redacted('task-inspect', task), expected);
    assert.deepEqual(redacted('task-list', [task, task]), [expected, expected]);
    assert.deepEqual(redacted('task-list', []), []);
  });

  it("replaces a config's data by the marker, still valid base64", () => {
    const config = { ID: 'c', Spec: { Name: 'app.conf', Data: btoa('password=hunter2') } };
    const expected = { ID: 'c', Spec: { Name: 'app.conf', Data: REDACTED_DATA } };
    assert.deepEqual(redacted('config-inspect', config), expected);
    assert.deepEqual(redacted('config-list', [config]), [expected]);
    assert.equal(atob(REDACTED_DATA), REDACTED);
  });

  it("redacts a plugin's settings and the values its config declares", () => {
    const plugin = {
      Name: 'vieux/sshfs',
      Settings: { Env: ['DEBUG=0', 'SSH_PASSWORD=pw'], Args: [] },
      Config: { Env: [{ Name: 'DEBUG', Settable: ['value'], Value: '0' }, { Name: 'NOVALUE' }] },
    };
    const expected = {
      Name: 'vieux/sshfs',
      Settings: { Env: [`DEBUG=${REDACTED}`, `SSH_PASSWORD=${REDACTED}`], Args: [] },
      Config: { Env: [{ Name: 'DEBUG', Settable: ['value'], Value: REDACTED }, { Name: 'NOVALUE' }] },
    };
    assert.deepEqual(redacted('plugin-inspect', plugin), expected);
    assert.deepEqual(redacted('plugin-list', [plugin]), [expected]);
  });
});
