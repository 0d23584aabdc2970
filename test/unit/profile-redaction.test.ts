// A profile's redaction as plain data: on unless it says `redact: false`, kept by the configuration check and by rule
// and policy edits, written into and read from a doxy-ruleset file, given by presets (off only for the agents that
// recreate containers from what they inspected), and shown on the coverage of the operations it rewrites.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { areaGrants } from '../../shared/catalog/grants.ts';
import { coverage } from '../../shared/catalog/coverage.ts';
import { CI_RUNNER_POLICY } from '../../shared/policy/body-policy.ts';
import { presetInfo } from '../../shared/presets/preset-info.ts';
import { PRESETS, presetProfile } from '../../shared/presets/presets.ts';
import {
  checkConfiguration,
  findProfile,
  profileRedacts,
  withProfilePolicy,
  withProfileRedaction,
  withProfileRules,
  type Configuration,
} from '../../shared/profiles/configuration.ts';
import { formatProfileFile, parseProfileFile } from '../../shared/profiles/profile-file.ts';
import { BUILTIN_RULES } from '../../shared/rules/builtin.ts';
import { compileRuleSet } from '../../shared/rules/compile.ts';

const CONFIG: Configuration = {
  profiles: [
    { name: 'default', rules: [] },
    { name: 'relay', rules: [], redact: false },
  ],
  sockets: [],
};

describe('a profile and redaction', () => {
  it('redacts unless it says redact: false; a profile that does not exist redacts', () => {
    assert.equal(profileRedacts(CONFIG, 'default'), true);
    assert.equal(profileRedacts(CONFIG, 'relay'), false);
    assert.equal(profileRedacts(CONFIG, 'no-such-profile'), true);
  });

  it('keeps redact: false through the configuration check, stores true as absent, refuses another type', () => {
    const checked = checkConfiguration({
      ...CONFIG,
      profiles: [{ name: 'default', rules: [], redact: true }, CONFIG.profiles[1]],
    });
    assert.ok(checked.ok);
    assert.deepEqual(checked.value.profiles, [
      { name: 'default', rules: [] },
      { name: 'relay', rules: [], redact: false },
    ]);
    const bad = checkConfiguration({ ...CONFIG, profiles: [{ name: 'default', rules: [], redact: 'no' }] });
    assert.equal(bad.ok, false);
    if (!bad.ok) assert.equal(bad.problems[0]?.where, '/profiles/0/redact');
  });

  it('is turned on and off by withProfileRedaction, and kept by rule and policy edits', () => {
    const off = withProfileRedaction(CONFIG, 'default', false);
    assert.deepEqual(findProfile(off, 'default'), { name: 'default', rules: [], redact: false });
    assert.deepEqual(findProfile(withProfileRedaction(off, 'default', true), 'default'), {
      name: 'default',
      rules: [],
    });
    const edited = withProfilePolicy(withProfileRules(CONFIG, 'relay', BUILTIN_RULES), 'relay', CI_RUNNER_POLICY);
    assert.equal(findProfile(edited, 'relay')?.redact, false);
    assert.equal(findProfile(withProfilePolicy(edited, 'relay', null), 'relay')?.redact, false);
  });

  it('is written into a doxy-ruleset file only when off, and read back; a file without it says nothing', () => {
    const on = formatProfileFile(BUILTIN_RULES, undefined, true);
    assert.equal('redact' in (JSON.parse(on) as object), false);
    assert.deepEqual(parseProfileFile(on), { ok: true, value: { rules: BUILTIN_RULES } });
    const off = formatProfileFile(BUILTIN_RULES, CI_RUNNER_POLICY, false);
    const read = parseProfileFile(off);
    assert.ok(read.ok);
    assert.equal(read.value.redact, false);
    assert.deepEqual(read.value.policy, CI_RUNNER_POLICY);
    const explicit = parseProfileFile(JSON.stringify({ ...(JSON.parse(on) as object), redact: true }));
    assert.ok(explicit.ok);
    assert.equal(explicit.value.redact, true);
    const bad = parseProfileFile(JSON.stringify({ ...(JSON.parse(on) as object), redact: 'off' }));
    assert.deepEqual(bad, { ok: false, problems: [{ where: '/redact', message: 'expected true or false' }] });
  });

  it('is on for every preset but Portainer and Watchtower, which recreate containers from their inspect', () => {
    const off = PRESETS.filter((p) => presetProfile(p, 'x').redact === false).map((p) => p.id);
    assert.deepEqual(off.sort(), ['portainer', 'watchtower']);
    for (const p of PRESETS) assert.equal(presetInfo(p).redact, !off.includes(p.id), p.id);
  });

  it('marks on the coverage the operations whose answers it redacts, and none when off', () => {
    const compiled = compileRuleSet(BUILTIN_RULES);
    assert.ok(compiled.ok);
    const areas = coverage(compiled.value);
    const marked = (redact: boolean): string[] =>
      areaGrants(areas, redact)
        .flatMap((a) => a.operations)
        .filter((o) => o.redacted)
        .map((o) => `${o.method} ${o.template}`);
    assert.deepEqual(marked(true), [
      'GET /containers/{id}/json',
      'GET /plugins',
      'GET /plugins/{name}/json',
      'GET /services',
      'GET /services/{id}',
      'GET /tasks',
      'GET /tasks/{id}',
      'GET /configs',
      'GET /configs/{id}',
      'GET /libpod/containers/{id}/json',
    ]);
    assert.deepEqual(marked(false), []);
  });
});
