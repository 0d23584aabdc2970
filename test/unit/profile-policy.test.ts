// A profile's body policy as plain data: validated with the configuration, kept by rule edits, written into and read
// from a doxy-ruleset file, copied from the ci-runner preset, and judged for the tester the way the proxy judges it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withSocketFlags } from '../../server/sockets/flag-sockets.ts';
import { withBodyVerdicts } from '../../shared/check/body-check.ts';
import { checkResult } from '../../shared/check/check-result.ts';
import { CI_RUNNER_POLICY, type BodyPolicy } from '../../shared/policy/body-policy.ts';
import { PRESETS, presetProfile } from '../../shared/presets/presets.ts';
import {
  checkConfiguration,
  findProfile,
  withProfilePolicy,
  withProfileRules,
  type Configuration,
} from '../../shared/profiles/configuration.ts';
import { formatProfileFile, parseProfileFile } from '../../shared/profiles/profile-file.ts';
import type { CheckRequest } from '../../shared/protocol/check.ts';
import { compileRuleSet } from '../../shared/rules/compile.ts';
import { decide } from '../../shared/rules/decide.ts';
import { formatRuleSetFile } from '../../shared/rules/ruleset-json.ts';
import type { Rule } from '../../shared/rules/types.ts';

const ALLOW_CREATE: Rule = {
  id: 'create',
  action: 'allow',
  methods: ['POST'],
  pattern: '^(/v[0-9.]+)?/containers/create$',
  comment: '',
  enabled: true,
};
const BOUNDED: BodyPolicy = { ...CI_RUNNER_POLICY, binds: [{ path: '/srv/ci', readOnly: true }] };
const CONFIG: Configuration = {
  profiles: [
    { name: 'default', rules: [] },
    { name: 'ci', rules: [ALLOW_CREATE], policy: BOUNDED },
  ],
  sockets: [],
};

describe('a profile with a body policy', () => {
  it('passes the configuration check with its policy kept; an invalid one is located under its profile', () => {
    const checked = checkConfiguration(CONFIG);
    assert.ok(checked.ok);
    assert.deepEqual(findProfile(checked.value, 'ci')?.policy, BOUNDED);
    assert.equal('policy' in (findProfile(checked.value, 'default') ?? {}), false);
    const bad = checkConfiguration({
      ...CONFIG,
      profiles: [CONFIG.profiles[0], { ...CONFIG.profiles[1], policy: { ...BOUNDED, devices: 'yes' } }],
    });
    assert.ok(!bad.ok);
    assert.equal(bad.problems[0]?.where, '/profiles/1/policy/devices');
  });

  it('keeps its policy when its rules are replaced; withProfilePolicy sets and removes it', () => {
    assert.deepEqual(findProfile(withProfileRules(CONFIG, 'ci', []), 'ci'), { name: 'ci', rules: [], policy: BOUNDED });
    const removed = withProfilePolicy(CONFIG, 'ci', null);
    assert.deepEqual(findProfile(removed, 'ci'), { name: 'ci', rules: [ALLOW_CREATE] });
    assert.deepEqual(findProfile(withProfilePolicy(removed, 'ci', CI_RUNNER_POLICY), 'ci')?.policy, CI_RUNNER_POLICY);
    assert.deepEqual(findProfile(withProfileRules(CONFIG, 'new', [], BOUNDED), 'new')?.policy, BOUNDED);
  });
});

describe('a doxy-ruleset file with a policy', () => {
  it('round-trips the rules and the policy; a file without one says nothing, and null removes', () => {
    const text = formatProfileFile([ALLOW_CREATE], BOUNDED);
    assert.deepEqual(parseProfileFile(text), { ok: true, value: { rules: [ALLOW_CREATE], policy: BOUNDED } });
    assert.equal(formatProfileFile([ALLOW_CREATE], undefined), formatRuleSetFile([ALLOW_CREATE]));
    assert.deepEqual(parseProfileFile(formatRuleSetFile([ALLOW_CREATE])), {
      ok: true,
      value: { rules: [ALLOW_CREATE] },
    });
    const removing = JSON.stringify({ format: 'doxy-ruleset', version: 1, rules: [], policy: null });
    assert.deepEqual(parseProfileFile(removing), { ok: true, value: { rules: [], policy: null } });
  });

  it('refuses a bad policy with a pointer into the file', () => {
    const text = JSON.stringify({ format: 'doxy-ruleset', version: 1, rules: [], policy: { ...BOUNDED, user: 0 } });
    const parsed = parseProfileFile(text);
    assert.ok(!parsed.ok);
    assert.equal(parsed.problems[0]?.where, '/policy/user');
  });
});

describe('the ci-runner preset', () => {
  it('gives a profile made from it (in the app or by --socket PATH=ci-runner) its policy; other presets give none', () => {
    const ci = PRESETS.find((p) => p.id === 'ci-runner');
    assert.ok(ci);
    assert.deepEqual(presetProfile(ci, 'jobs').policy, CI_RUNNER_POLICY);
    for (const p of PRESETS.filter((x) => x.id !== 'ci-runner')) assert.equal(presetProfile(p, p.id).policy, undefined);
    const flagged = withSocketFlags({ profiles: [{ name: 'default', rules: [] }], sockets: [] }, [
      { spec: { path: '/run/ci.sock', profile: 'ci-runner', mode: '660' }, source: '--socket' },
    ]);
    assert.deepEqual(findProfile(flagged, 'ci-runner')?.policy, CI_RUNNER_POLICY);
  });
});

describe('the tester body verdict', () => {
  const compiled = compileRuleSet([ALLOW_CREATE]);
  assert.ok(compiled.ok);
  const check = (requests: CheckRequest[], policy: BodyPolicy | null) =>
    withBodyVerdicts(
      requests,
      requests.map((r) => checkResult(r, decide({ method: r.method, target: r.path }, compiled.value))),
      policy,
      'ci',
    );

  it('denies what the proxy denies, naming the field, and forwards what it forwards', () => {
    const [denied, forwarded] = check(
      [
        { method: 'POST', path: '/v1.41/containers/create', body: '{"Image":"a","HostConfig":{"CapAdd":["ALL"]}}' },
        { method: 'POST', path: '/v1.41/containers/create', body: '{"image":"a"}' },
      ],
      BOUNDED,
    );
    assert.deepEqual(denied?.bodyVerdict, {
      verdict: 'deny',
      status: 403,
      field: 'HostConfig.CapAdd[0]',
      message: 'doxy: POST /v1.41/containers/create is denied: HostConfig.CapAdd[0] "ALL" is not allowed (profile ci)',
    });
    assert.equal(forwarded?.bodyVerdict?.verdict, 'forward');
    assert.match(forwarded?.bodyVerdict?.verdict === 'forward' ? forwarded.bodyVerdict.forwarded : '', /"Image":"a"/);
  });

  it("accepts dockerode's container name in a create body and, like the daemon, does not pass it on", () => {
    const [row] = check(
      [{ method: 'POST', path: '/v1.41/containers/create', body: '{"name":"job-1","Image":"a"}' }],
      BOUNDED,
    );
    assert.equal(row?.bodyVerdict?.verdict, 'forward', JSON.stringify(row?.bodyVerdict));
    const forwarded = row?.bodyVerdict?.verdict === 'forward' ? row.bodyVerdict.forwarded : '';
    assert.doesNotMatch(forwarded, /job-1|name/i);
    assert.match(forwarded, /"Image":"a"/);
  });

  it('says the body is unread when the rules deny, the operation is not policed, or there is no policy', () => {
    const rows = check(
      [
        { method: 'POST', path: '/v1.41/volumes/create', body: '{}' },
        { method: 'POST', path: '/v1.41/containers/create', body: '{"Privileged":true}' },
        { method: 'GET', path: '/v1.41/containers/create' },
      ],
      null,
    );
    assert.deepEqual(
      rows.map((r) => r.bodyVerdict?.verdict),
      ['unread', 'unread', undefined],
    );
    assert.match(rows[1]?.bodyVerdict?.verdict === 'unread' ? rows[1].bodyVerdict.message : '', /no body policy/);
  });

  it("denies a libpod write with a body under a policy (the policy cannot read libpod's bodies); without one, unread", () => {
    const all = compileRuleSet([{ ...ALLOW_CREATE, id: 'all', pattern: '/.*' }]);
    assert.ok(all.ok);
    const rows = (policy: BodyPolicy | null) => {
      const requests: CheckRequest[] = [
        { method: 'POST', path: '/v4.3.1/libpod/containers/create', body: '{"image":"a","privileged":true}' },
        { method: 'POST', path: '/v4.3.1/libpod/containers/c1/start', body: '' },
      ];
      const results = requests.map((r) => checkResult(r, decide({ method: r.method, target: r.path }, all.value)));
      return withBodyVerdicts(requests, results, policy, 'ci');
    };
    const [create, start] = rows(BOUNDED);
    assert.deepEqual(create?.bodyVerdict, {
      verdict: 'deny',
      status: 403,
      field: '',
      message:
        "doxy: POST /v4.3.1/libpod/containers/create is denied: the body policy reads the Docker API's bodies, not Podman's libpod ones: use the Docker-compatible API (profile ci)",
    });
    assert.equal(start?.bodyVerdict?.verdict, 'unread');
    assert.deepEqual(
      rows(null).map((r) => r.bodyVerdict?.verdict),
      ['unread', 'unread'],
    );
  });
});
