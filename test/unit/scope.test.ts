// Ownership scoping as data: the owner label stamped into create bodies (doxy's own serialisation, which no spelling
// of the client's can get around), the owner filter merged into a list's filters, which requests name an owned object
// and which one, and the profile's `scoped` flag through the configuration, presets and --socket from=.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../server/config.ts';
import { withSocketFlags } from '../../server/sockets/flag-sockets.ts';
import { PRESETS, presetProfile } from '../../shared/presets/presets.ts';
import { formatConfigFile, parseConfigFile } from '../../shared/profiles/config-file.ts';
import { formatProfileFile, parseProfileFile } from '../../shared/profiles/profile-file.ts';
import {
  checkConfiguration,
  findProfile,
  profileScoped,
  withProfileRules,
  withProfileScope,
  type Configuration,
} from '../../shared/profiles/configuration.ts';
import { readConnectBody } from '../../shared/scope/connect-body.ts';
import { createReferences } from '../../shared/scope/create-references.ts';
import { withOwnerFilter } from '../../shared/scope/owner-filter.ts';
import { stampOwner } from '../../shared/scope/owner-label.ts';
import { hideConflictingId, namesContainer } from '../../shared/scope/name-conflict.ts';
import { scopeStep, type ScopeStep } from '../../shared/scope/scope-step.ts';

function stamped(object: 'container' | 'network' | 'volume', body: string, profile = 'ci'): Record<string, unknown> {
  const r = stampOwner(object, body, profile);
  assert.ok(r.ok, JSON.stringify(r));
  return JSON.parse(r.body) as Record<string, unknown>;
}

describe('the owner label in a create body', () => {
  it('is added to a container create, keeping the client labels and the rest of the body', () => {
    const body = stamped('container', '{"Image":"busybox","Labels":{"app":"web"},"HostConfig":{"Memory":1024}}');
    assert.deepEqual(body.Labels, { app: 'web', 'doxy.owner': 'ci' });
    assert.equal(body.Image, 'busybox');
    assert.deepEqual(body.HostConfig, { Memory: 1024 });
  });

  it('cannot be undone by a second spelling of Labels that Go would merge after it', () => {
    const text = '{"Image":"busybox","Labels":{"a":"1"},"labels":{"doxy.owner":"other"}}';
    const r = stampOwner('container', text, 'ci');
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.status, 403);
    const merged = stamped('container', '{"Image":"busybox","Labels":{"a":"1"},"labels":{"b":"2"}}');
    // Exactly one Labels key goes out, holding what the daemon would have merged, and the owner.
    assert.deepEqual(merged.Labels, { a: '1', b: '2', 'doxy.owner': 'ci' });
    assert.equal('labels' in merged, false);
  });

  it('refuses a client label naming another owner, and keeps one naming this profile', () => {
    const other = stampOwner('volume', '{"Name":"v","Labels":{"doxy.owner":"someone"}}', 'ci');
    assert.ok(!other.ok);
    assert.equal(other.status, 403);
    assert.match(other.message, /doxy\.owner/);
    assert.deepEqual(stamped('volume', '{"Name":"v","Labels":{"doxy.owner":"ci"}}').Labels, { 'doxy.owner': 'ci' });
  });

  it('makes an empty body (docker volume create) one that holds only the owner', () => {
    assert.deepEqual(stamped('volume', ''), { Labels: { 'doxy.owner': 'ci' } });
  });

  it('keeps the network create fields it does not read as the client wrote them', () => {
    const body = stamped(
      'network',
      '{"Name":"n","Driver":"bridge","IPAM":{"Config":[{"Subnet":"10.9.0.0/24"}]},"Options":{"a":"b"},"Internal":true}',
    );
    assert.deepEqual(body, {
      Name: 'n',
      Driver: 'bridge',
      IPAM: { Config: [{ Subnet: '10.9.0.0/24' }] },
      Internal: true,
      Options: { a: 'b' },
      Labels: { 'doxy.owner': 'ci' },
    });
  });

  it('refuses what the daemon could not decode (400) and fields doxy does not know (403)', () => {
    const bad = stampOwner('network', '{"Name":', 'ci');
    assert.ok(!bad.ok);
    assert.equal(bad.status, 400);
    const labels = stampOwner('network', '{"Name":"n","Labels":["x"]}', 'ci');
    assert.ok(!labels.ok);
    assert.equal(labels.status, 400);
    const unknown = stampOwner('volume', '{"Name":"v","Surprise":1}', 'ci');
    assert.ok(!unknown.ok);
    assert.equal(unknown.status, 403);
  });
});

describe('the objects a container create names', () => {
  it('are the named volumes, networks and containers it mounts, joins or takes from; host paths and built-ins are none', () => {
    const body = stamped(
      'container',
      JSON.stringify({
        Image: 'busybox',
        HostConfig: {
          Binds: ['data:/data:rw', '/host/path:/x', 'cache:/cache'],
          Mounts: [
            { Type: 'volume', Source: 'mvol', Target: '/m' },
            { Type: 'bind', Source: '/etc', Target: '/e' },
            { Type: 'tmpfs', Target: '/t' },
          ],
          VolumesFrom: ['other:ro'],
          Links: ['/db:db'],
          NetworkMode: 'mynet',
          PidMode: 'container:pidbox',
          IpcMode: 'shareable',
        },
        NetworkingConfig: { EndpointsConfig: { mynet: {}, bridge: {}, second: {} } },
      }),
    );
    assert.deepEqual(
      createReferences(JSON.stringify(body)).map((r) => `${r.object} ${r.ref} ${r.field}`),
      [
        'volume data HostConfig.Binds',
        'volume cache HostConfig.Binds',
        'volume mvol HostConfig.Mounts',
        'container other HostConfig.VolumesFrom',
        'container db HostConfig.Links',
        'container pidbox HostConfig.PidMode',
        'network mynet HostConfig.NetworkMode',
        'network mynet NetworkingConfig.EndpointsConfig',
        'network second NetworkingConfig.EndpointsConfig',
      ],
    );
    for (const mode of ['', 'default', 'bridge', 'host', 'none'])
      assert.deepEqual(createReferences(JSON.stringify({ HostConfig: { NetworkMode: mode } })), [], mode);
    assert.deepEqual(createReferences(JSON.stringify({ HostConfig: { NetworkMode: 'container:x' } })), [
      { object: 'container', ref: 'x', field: 'HostConfig.NetworkMode' },
    ]);
  });
});

const OWNER = encodeURIComponent('{"label":{"doxy.owner=ci":true}}');

function filtersOf(query: string): unknown {
  const r = withOwnerFilter(query, 'ci');
  assert.ok(r.ok, JSON.stringify(r));
  const part = r.query.split('&').find((p) => p.startsWith('filters='));
  return JSON.parse(decodeURIComponent(part?.slice('filters='.length) ?? ''));
}

describe('the owner filter', () => {
  it('is the only filter of a list without one, and other parameters are kept as written', () => {
    assert.deepEqual(withOwnerFilter('', 'ci'), { ok: true, query: `filters=${OWNER}` });
    assert.deepEqual(withOwnerFilter('all=1&limit=5', 'ci'), { ok: true, query: `all=1&limit=5&filters=${OWNER}` });
    assert.deepEqual(filtersOf('filters=null'), { label: { 'doxy.owner=ci': true } });
    assert.deepEqual(filtersOf('filters='), { label: { 'doxy.owner=ci': true } });
  });

  it('joins the client label filters (the daemon wants every label) in both forms the daemon reads', () => {
    const map = encodeURIComponent('{"label":{"com.docker.compose.project=p":true},"status":{"running":true}}');
    assert.deepEqual(filtersOf(`all=1&filters=${map}`), {
      label: { 'com.docker.compose.project=p': true, 'doxy.owner=ci': true },
      status: { running: true },
    });
    // docker-py and compose 1.29 send the legacy list form.
    const list = encodeURIComponent('{"label":["com.docker.compose.project=p","com.docker.compose.oneoff=False"]}');
    assert.deepEqual(filtersOf(`filters=${list}`), {
      label: { 'com.docker.compose.oneoff=False': true, 'com.docker.compose.project=p': true, 'doxy.owner=ci': true },
    });
    // A client filter naming another owner is joined, not replaced: nothing matches both.
    const other = encodeURIComponent('{"label":{"doxy.owner=other":true}}');
    assert.deepEqual(filtersOf(`filters=${other}`), { label: { 'doxy.owner=other': true, 'doxy.owner=ci': true } });
  });

  it('reads the parameter name as Go does (escapes and +) and refuses it twice', () => {
    assert.deepEqual(withOwnerFilter(`filters=%7B%7D&filter%73=%7B%7D`, 'ci'), {
      ok: false,
      message: 'the query gives filters twice',
    });
    assert.equal(withOwnerFilter('filters=%7B%7D&filters=%7B%7D', 'ci').ok, false);
    assert.deepEqual(filtersOf('filters=%7B"label"%3A+%7B"a"%3Atrue%7D%7D'), {
      label: { a: true, 'doxy.owner=ci': true },
    });
  });

  it('refuses what the daemon would drop or not read: ";", bad escapes, filters that are not JSON filters', () => {
    for (const query of [
      'filters=%7B%7D;all=1',
      'filters=%ZZ',
      'filters=[1]',
      'filters=%7B"label"%3A%5B1%5D%7D',
      'filters=%7B"label"%3A%7B"a"%3Atrue%7D%2C"status"%3A%5B"x"%5D%7D',
      'filters=nope',
    ])
      assert.equal(withOwnerFilter(query, 'ci').ok, false, query);
  });
});

function step(method: string, path: string, query = ''): ScopeStep {
  return scopeStep({ method, path, query });
}

function owned(method: string, path: string, query = ''): { object: string; ref: string; target: string } {
  const s = step(method, path, query);
  assert.equal(s.kind, 'owned', `${method} ${path}`);
  return s.kind === 'owned'
    ? { object: s.object, ref: s.ref, target: s.target('0123abc') }
    : { object: '', ref: '', target: '' };
}

describe('the scoping step of a request', () => {
  it('stamps creates, filters lists, prunes and events, and leaves images and the rest alone', () => {
    assert.deepEqual(step('POST', '/v1.41/containers/create'), { kind: 'stamp', object: 'container' });
    assert.deepEqual(step('POST', '/networks/create'), { kind: 'stamp', object: 'network' });
    assert.deepEqual(step('POST', '/v1.24/volumes/create'), { kind: 'stamp', object: 'volume' });
    for (const [method, path] of [
      ['GET', '/v1.41/containers/json'],
      ['HEAD', '/containers/json'],
      ['GET', '/networks'],
      ['GET', '/v1.41/volumes'],
      ['POST', '/containers/prune'],
      ['POST', '/v1.41/networks/prune'],
      ['POST', '/volumes/prune'],
      ['GET', '/v1.41/events'],
    ] as const)
      assert.deepEqual(step(method, path), { kind: 'filter' }, `${method} ${path}`);
    for (const [method, path] of [
      ['GET', '/v1.41/images/json'],
      ['GET', '/_ping'],
      ['POST', '/images/create'],
      ['GET', '/info'],
      ['POST', '/exec/abc'],
      ['GET', '/networks/'],
      ['GET', '/v4.3.1/libpod/_ping'],
      ['HEAD', '/libpod/_ping'],
      ['GET', '/v4.3.1/libpod/version'],
      ['GET', '/v4.3.1/libpod/info'],
    ] as const)
      assert.deepEqual(step(method, path), { kind: 'none' }, `${method} ${path}`);
    assert.equal(step('POST', '/v1.41/commit').kind, 'refuse');
    assert.equal(step('GET', '/v1.41/system/df').kind, 'refuse');
  });

  it("refuses Podman's libpod API but for _ping, version and info: scoping reads Docker's API only", () => {
    for (const [method, path] of [
      ['GET', '/v4.3.1/libpod/containers/json'],
      ['GET', '/libpod/containers/web/json'],
      ['POST', '/v4.3.1/libpod/containers/create'],
      ['DELETE', '/v4.3.1/libpod/containers/web'],
      ['GET', '/v4.3.1/libpod/events'],
      ['GET', '/v4.3.1/libpod/system/df'],
      ['POST', '/v4.3.1/libpod/exec/abc/start'],
      ['GET', '/v4.3.1/libpod/info/x'],
      ['GET', '/v4.3.1/libpod'],
    ] as const) {
      const s = step(method, path);
      assert.equal(s.kind, 'refuse', `${method} ${path}`);
      assert.match(s.kind === 'refuse' ? s.message : '', /Podman's libpod API, which scoping does not bound/);
    }
  });

  it('checks an exec instance by its container, and forwards it by its full id', () => {
    for (const [method, path, query, ref, target] of [
      ['GET', '/v1.41/exec/e1/json', '', 'e1', '/v1.41/exec/0123abc/json'],
      ['POST', '/exec/e1/start', '', 'e1', '/exec/0123abc/start'],
      ['POST', '/v1.41/exec/e1/resize', 'h=10&w=80', 'e1', '/v1.41/exec/0123abc/resize?h=10&w=80'],
      // The daemon routes `/exec/{name:.*}/start`: the id is everything before the suffix.
      ['POST', '/exec/a/b/start', '', 'a/b', '/exec/0123abc/start'],
    ] as const) {
      const s = step(method, path, query);
      assert.equal(s.kind, 'exec', `${method} ${path}`);
      assert.deepEqual(s.kind === 'exec' ? [s.ref, s.target('0123abc')] : [], [ref, target], `${method} ${path}`);
    }
    for (const [method, path] of [
      ['GET', '/exec/e1/start'],
      ['POST', '/exec/e1/json'],
      ['GET', '/exec/json'],
    ] as const)
      assert.equal(step(method, path).kind, 'none', `${method} ${path}`);
  });

  it("cuts the id of the container that holds a name from a create's or rename's conflict", () => {
    const id = 'a'.repeat(64);
    const daemon = `{"message":"Conflict. The container name \\"/web\\" is already in use by container \\"${id}\\". You have to remove (or rename) that container to be able to reuse that name."}\n`;
    assert.equal(
      hideConflictingId(daemon),
      '{"message":"Conflict. The container name \\"/web\\" is already in use by another container. You have to remove (or rename) that container to be able to reuse that name."}\n',
    );
    assert.equal(hideConflictingId('{"message":"other"}'), '{"message":"other"}\n');
    assert.doesNotMatch(hideConflictingId('not json'), /not json/);
    for (const [method, path, named] of [
      ['POST', '/v1.41/containers/create', true],
      ['POST', '/containers/web/rename', true],
      ['POST', '/containers/web/start', false],
      ['GET', '/containers/create', false],
      ['POST', '/networks/create', false],
    ] as const)
      assert.equal(namesContainer({ method, path }), named, `${method} ${path}`);
  });

  it('names the object between the collection and the route suffix, and forwards it by id', () => {
    assert.deepEqual(owned('GET', '/v1.41/containers/web/json'), {
      object: 'container',
      ref: 'web',
      target: '/v1.41/containers/0123abc/json',
    });
    assert.deepEqual(owned('GET', '/containers/web/logs', 'stdout=1&follow=1'), {
      object: 'container',
      ref: 'web',
      target: '/containers/0123abc/logs?stdout=1&follow=1',
    });
    assert.deepEqual(owned('DELETE', '/v1.41/containers/web', 'force=1').target, '/v1.41/containers/0123abc?force=1');
    assert.equal(owned('GET', '/containers/a/b/attach/ws').ref, 'a/b');
    assert.equal(owned('POST', '/containers/x/exec').ref, 'x');
    assert.equal(owned('PUT', '/containers/x/archive', 'path=/tmp').target, '/containers/0123abc/archive?path=/tmp');
    // The daemon routes `/containers/{name:.*}/json`: the name is everything before the suffix.
    assert.equal(owned('GET', '/containers/json/json').ref, 'json');
    assert.deepEqual(owned('POST', '/v1.41/networks/n1/connect'), {
      object: 'network',
      ref: 'n1',
      target: '/v1.41/networks/0123abc/connect',
    });
    // GET /networks/{id:.*}: a network id that ends in /connect is still the whole rest.
    assert.equal(owned('GET', '/networks/n1/connect').ref, 'n1/connect');
    assert.deepEqual(owned('DELETE', '/volumes/data'), { object: 'volume', ref: 'data', target: '/volumes/0123abc' });
  });

  it('has the body of a network connect or disconnect read, for the container it names', () => {
    for (const [method, path, connects] of [
      ['POST', '/v1.41/networks/n/connect', true],
      ['POST', '/networks/n/disconnect', true],
      ['GET', '/networks/n', false],
      ['DELETE', '/networks/n', false],
      ['POST', '/containers/c/start', false],
    ] as const) {
      const s = step(method, path);
      assert.equal(s.kind === 'owned' && s.connects, connects, `${method} ${path}`);
    }
    const read = readConnectBody('{"container":"web","Container":"db","EndpointConfig":{"Aliases":["x"]}}');
    assert.ok(read.ok);
    // Go's last key wins, whatever its case: the daemon would connect db.
    assert.equal(read.container, 'db');
    assert.deepEqual(JSON.parse(read.body('f00d')), { Container: 'f00d', EndpointConfig: { Aliases: ['x'] } });
    const empty = readConnectBody('');
    assert.ok(empty.ok);
    assert.equal(empty.container, '');
    assert.equal(readConnectBody('{"Container":1}').ok, false);
  });
});

const CONFIG: Configuration = {
  profiles: [
    { name: 'default', rules: [] },
    { name: 'jobs', rules: [], scoped: true },
  ],
  sockets: [],
};

describe('a scoped profile', () => {
  it('is carried by a doxy-config export and import', () => {
    const back = parseConfigFile(formatConfigFile(CONFIG));
    assert.ok(back.ok);
    assert.equal(profileScoped(back.value, 'jobs'), true);
    assert.equal(profileScoped(back.value, 'default'), false);
  });

  it('is carried by a doxy-ruleset file, which says nothing of it for an unscoped profile', () => {
    const back = parseProfileFile(formatProfileFile([], undefined, true, true));
    assert.ok(back.ok);
    assert.equal(back.value.scoped, true);
    const plain = parseProfileFile(formatProfileFile([], undefined));
    assert.ok(plain.ok);
    assert.equal('scoped' in plain.value, false);
    const bad = parseProfileFile('{"format":"doxy-ruleset","version":1,"rules":[],"scoped":"yes"}');
    assert.ok(!bad.ok);
    assert.equal(bad.problems[0]?.where, '/scoped');
  });

  it('is kept by the configuration check (only true is stored) and by rule edits', () => {
    const checked = checkConfiguration({
      profiles: [
        { name: 'default', rules: [], scoped: false },
        { name: 'jobs', rules: [], scoped: true },
      ],
      sockets: [],
    });
    assert.ok(checked.ok);
    assert.deepEqual(checked.value.profiles, CONFIG.profiles);
    assert.equal(checkConfiguration({ ...CONFIG, profiles: [{ name: 'default', rules: [], scoped: 1 }] }).ok, false);
    assert.equal(profileScoped(withProfileRules(CONFIG, 'jobs', []), 'jobs'), true);
    assert.equal(profileScoped(CONFIG, 'default'), false);
    assert.equal(profileScoped(CONFIG, 'gone'), false);
    assert.deepEqual(findProfile(withProfileScope(CONFIG, 'jobs', false), 'jobs'), { name: 'jobs', rules: [] });
    assert.equal(profileScoped(withProfileScope(CONFIG, 'default', true), 'default'), true);
  });

  it('comes from the ci-runner preset only', () => {
    for (const p of PRESETS)
      assert.equal(profileScoped({ profiles: [presetProfile(p, 'x')], sockets: [] }, 'x'), p.id === 'ci-runner', p.id);
  });

  it('is made per socket from one preset by --socket PATH=NAME,from=PRESET', () => {
    const config = parseConfig(
      ['--socket', '/run/a.sock=job-a,from=ci-runner', '--socket', '/run/b.sock=job-b,from=ci-runner,mode=600'],
      {},
    );
    assert.deepEqual(
      config.sockets.map((s) => [s.spec.path, s.spec.profile, s.from]),
      [
        ['/run/a.sock', 'job-a', 'ci-runner'],
        ['/run/b.sock', 'job-b', 'ci-runner'],
      ],
    );
    const made = withSocketFlags({ profiles: [{ name: 'default', rules: [] }], sockets: [] }, config.sockets);
    assert.equal(profileScoped(made, 'job-a'), true);
    assert.equal(profileScoped(made, 'job-b'), true);
    assert.deepEqual(findProfile(made, 'job-a')?.rules, findProfile(made, 'job-b')?.rules);
    // An existing profile is kept as it is.
    const kept = withSocketFlags(CONFIG, [
      { spec: { path: '/run/d.sock', profile: 'default', mode: '660' }, source: '--socket', from: 'ci-runner' },
    ]);
    assert.equal(profileScoped(kept, 'default'), false);
    assert.throws(
      () =>
        withSocketFlags(CONFIG, [
          { spec: { path: '/run/x.sock', profile: 'x', mode: '660' }, source: '--socket', from: 'nope' },
        ]),
      /no preset "nope"/,
    );
    assert.throws(() => parseConfig(['--socket', '/run/a.sock=a,from='], {}), /from= names no preset/);
  });
});
