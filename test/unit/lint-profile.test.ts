// lintProfile(): each kind of warning fires when it should and stays quiet when it should not, naming the rule and where.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OPERATIONS } from '../../shared/catalog/engine-api.ts';
import { lintProfile, rootGrantedOperations, type ProfileLintKind } from '../../shared/lint/lint-profile.ts';
import { WRITE_NEEDS } from '../../shared/lint/write-needs.ts';
import { CI_RUNNER_POLICY, type BodyPolicy } from '../../shared/policy/body-policy.ts';
import { CI_RUNNER_PRESET, CI_RUNNER_PRESET_POLICY } from '../../shared/presets/ci-runner.ts';
import { PRESETS, presetRules } from '../../shared/presets/presets.ts';
import { BUILTIN_RULES } from '../../shared/rules/builtin.ts';
import type { Rule } from '../../shared/rules/types.ts';

const V = '^/(v\\d+\\.\\d+/)?';
function allow(id: string, methods: Rule['methods'], path: string, enabled = true): Rule {
  return { id, action: 'allow', methods, pattern: `${V}${path}$`, comment: '', enabled };
}
function deny(id: string, methods: Rule['methods'], pattern: string): Rule {
  return { id, action: 'deny', methods, pattern, comment: '', enabled: true };
}
const PING = allow('ping', ['GET', 'HEAD'], '_ping');
const LIST = allow('list', ['GET'], 'containers/json');

interface Case {
  readonly name: string;
  readonly rules: readonly Rule[];
  readonly kind: ProfileLintKind;
  /** `where` of each warning of this kind, in order; [] when it must not fire. */
  readonly where: readonly string[];
  /** A pattern every such message matches. */
  readonly says?: RegExp;
}

const CASES: readonly Case[] = [
  {
    name: 'a create rule grants root',
    kind: 'root-grant',
    rules: [PING, allow('create', ['POST'], 'containers/create')],
    where: ['/rules/1'],
    says: /rule "create" \(#2\) allows root-equivalent operations: POST \/containers\/create\./,
  },
  {
    name: 'allow-all grants root, with the list cut short',
    kind: 'root-grant',
    rules: [allow('all', '*', '.*')],
    where: ['/rules/0'],
    says: /POST \/containers\/create, .* and \d+ more/,
  },
  {
    name: 'exec and archive PUT are root',
    kind: 'root-grant',
    rules: [
      PING,
      allow('exec', ['POST'], 'containers/[\\w.-]+/exec'),
      allow('put', ['PUT'], 'containers/[\\w.-]+/archive'),
    ],
    where: ['/rules/1', '/rules/2'],
  },
  { name: 'read-only rules grant no root', kind: 'root-grant', rules: BUILTIN_RULES, where: [] },
  {
    name: 'a deny before it keeps create from being granted',
    kind: 'root-grant',
    rules: [PING, deny('no-create', ['POST'], `${V}containers/create$`), allow('posts', ['POST'], 'containers/create')],
    where: [],
  },
  {
    name: 'attach/ws is left to the dangerous-read lint',
    kind: 'root-grant',
    rules: [PING, allow('ws', ['GET'], 'containers/[\\w.-]+/attach/ws')],
    where: [],
  },

  {
    name: 'a misspelt path matches nothing',
    kind: 'matches-nothing',
    rules: [PING, allow('typo', ['GET'], 'contianers/json')],
    where: ['/rules/1'],
    says: /rule "typo" \(#2\) matches no Docker Engine API operation/,
  },
  {
    name: 'a method the path does not take matches nothing',
    kind: 'matches-nothing',
    rules: [PING, allow('post-list', ['POST'], 'containers/json')],
    where: ['/rules/1'],
  },
  {
    name: 'a disabled rule is not linted',
    kind: 'matches-nothing',
    rules: [PING, allow('typo', ['GET'], 'contianers/json', false)],
    where: [],
  },
  { name: 'rules for catalog paths match', kind: 'matches-nothing', rules: BUILTIN_RULES, where: [] },

  {
    name: 'a rule after allow-all is shadowed, naming the rule before it',
    kind: 'shadowed',
    rules: [allow('all', '*', '.*'), deny('no-info', ['GET'], `${V}info$`)],
    where: ['/rules/1'],
    says: /rule "no-info" \(#2\) looks shadowed: .*rule "all" \(#1\) decides first \(checked over the catalog's sample paths only/,
  },
  {
    name: 'the same pattern again never decides, for certain',
    kind: 'shadowed',
    rules: [PING, LIST, { ...LIST, id: 'list-again' }],
    where: ['/rules/2'],
    says: /rule "list-again" \(#3\) never decides: rule "list" \(#2\) before it has the same pattern/,
  },
  {
    name: 'a rule that still decides some samples is not shadowed',
    kind: 'shadowed',
    rules: [
      PING,
      allow('one', ['GET'], 'containers/[0-9a-f]+/json'),
      allow('any', ['GET'], 'containers/[\\w.-]+/json'),
    ],
    where: [],
  },
  {
    name: 'a disabled rule before does not shadow',
    kind: 'shadowed',
    rules: [allow('off', '*', '.*', false), LIST, PING],
    where: [],
  },

  {
    name: 'a set without HEAD /_ping',
    kind: 'no-ping',
    rules: [allow('ping', ['GET'], '_ping'), LIST],
    where: ['/rules'],
    says: /no rule allows HEAD \/_ping/,
  },
  { name: 'a set with HEAD /_ping', kind: 'no-ping', rules: [PING, LIST], where: [] },
  {
    name: 'a set that allows nothing is left to the "allows nothing" warning',
    kind: 'no-ping',
    rules: [deny('none', '*', '.*')],
    where: [],
  },

  {
    name: 'start without the container list',
    kind: 'write-without-read',
    rules: [PING, allow('start', ['POST'], 'containers/[\\w.-]+/start')],
    where: ['/rules/1'],
    says: /rule "start" \(#2\) allows POST \/containers\/\{id\}\/start but no rule allows GET \/containers\/json: clients list containers/,
  },
  {
    name: 'start with the container list',
    kind: 'write-without-read',
    rules: [PING, LIST, allow('start', ['POST'], 'containers/[\\w.-]+/start')],
    where: [],
  },
  {
    name: 'a service update without its inspect',
    kind: 'write-without-read',
    rules: [PING, allow('update', ['POST'], 'services/[\\w.-]+/update')],
    where: ['/rules/1'],
    says: /current version/,
  },
  {
    name: 'one rule for several writes is named once per missing read',
    kind: 'write-without-read',
    rules: [PING, allow('acts', ['POST'], 'containers/[\\w.-]+/(start|stop|kill)')],
    where: ['/rules/1'],
    says: /POST \/containers\/\{id\}\/start, POST \/containers\/\{id\}\/stop, POST \/containers\/\{id\}\/kill but/,
  },
];

interface PolicyCase {
  readonly name: string;
  /** The profile's body policy: null when it has none. */
  readonly policy: BodyPolicy | null;
  readonly rules: readonly Rule[];
  /** `where kind` of every root warning, in order. */
  readonly warnings: readonly string[];
  readonly says?: RegExp;
}

const CREATE = allow('create', ['POST'], 'containers/create');
const EXEC = allow('exec', ['POST'], 'containers/[\\w.-]+/exec');
const EXEC_START = allow('exec-start', ['POST'], 'exec/[\\w.-]+/start');
const ROOT_KINDS = new Set(['root-grant', 'no-body-policy', 'policy-grants-root']);

const POLICY_CASES: readonly PolicyCase[] = [
  {
    name: 'create on a profile without a policy is root, said so',
    policy: null,
    rules: [PING, CREATE],
    warnings: ['/rules/1 no-body-policy'],
    says: /rule "create" \(#2\) grants POST \/containers\/create without a body policy: this is root on the host/,
  },
  {
    name: 'volume create on a profile without a policy: any host path, for whoever mounts the volume',
    policy: null,
    rules: [PING, allow('volumes', ['POST'], 'volumes/create')],
    warnings: ['/rules/1 no-body-policy'],
    says: /grants POST \/volumes\/create without a body policy: a local volume with o=bind and device= mounts any host path/,
  },
  {
    name: 'volume create with a policy that allows a read-write bind: root, said so',
    policy: { ...CI_RUNNER_POLICY, binds: [{ path: '/srv/ci', readOnly: false }] },
    rules: [PING, allow('volumes', ['POST'], 'volumes/create')],
    warnings: ['/rules/1 policy-grants-root'],
    says: /allows POST \/volumes\/create \(read-write binds \(\/srv\/ci\)\)/,
  },
  {
    name: 'ci-runner bounds create and exec create: no warning',
    policy: CI_RUNNER_POLICY,
    rules: [PING, CREATE, EXEC, allow('volumes', ['POST'], 'volumes/create')],
    warnings: [],
  },
  {
    name: 'a policy that allows privileged leaves create and exec create root, and says why',
    policy: { ...CI_RUNNER_POLICY, privileged: true },
    rules: [PING, CREATE, EXEC],
    warnings: ['/rules/1 policy-grants-root', '/rules/2 policy-grants-root'],
    says: /allows POST \/.* \(privileged containers\): the body policy lets these bodies ask for root on the host/,
  },
  {
    name: 'a read-write bind leaves create root but not exec create',
    policy: { ...CI_RUNNER_POLICY, binds: [{ path: '/srv/ci', readOnly: false }] },
    rules: [PING, CREATE, EXEC],
    warnings: ['/rules/1 policy-grants-root'],
    says: /\(read-write binds \(\/srv\/ci\)\)/,
  },
  {
    name: 'exec start stays root whatever the policy: it reaches privileged containers made elsewhere',
    policy: CI_RUNNER_POLICY,
    rules: [PING, EXEC_START],
    warnings: ['/rules/1 root-grant'],
    says: /POST \/exec\/\{id\}\/start\. .* A body policy does not bound these/,
  },
  {
    name: 'allow-all with ci-runner: the unpoliced root operations only',
    policy: CI_RUNNER_POLICY,
    rules: [allow('all', '*', '.*')],
    warnings: ['/rules/0 root-grant'],
  },
  {
    name: 'allow-all without a policy: both warnings',
    policy: null,
    rules: [allow('all', '*', '.*')],
    warnings: ['/rules/0 root-grant', '/rules/0 no-body-policy', '/rules/0 no-body-policy'],
  },
];

describe('lintProfile with a body policy', () => {
  for (const c of POLICY_CASES) {
    it(c.name, () => {
      const found = lintProfile(c.rules, c.policy).filter((w) => ROOT_KINDS.has(w.kind));
      assert.deepEqual(
        found.map((w) => `${w.where} ${w.kind}`),
        c.warnings,
        found.map((w) => w.message).join('\n'),
      );
      if (c.says) for (const w of found) assert.match(w.message, c.says);
    });
  }

  it('allow-all with ci-runner leaves out every operation the policy bounds', () => {
    const [w] = lintProfile([allow('all', '*', '.*')], CI_RUNNER_POLICY).filter((x) => x.kind === 'root-grant');
    assert.ok(w);
    assert.doesNotMatch(w.message, /containers\/create|\/exec,|services\/create|plugins\/pull/);
    assert.match(w.message, /POST \/containers\/\{id\}\/attach/);
  });

  it('without a policy argument the warnings are the same as before policies (one way for callers that do not know)', () => {
    assert.deepEqual(
      lintProfile([PING, CREATE]).map((w) => w.kind),
      ['root-grant'],
    );
  });

  it('the ci-runner preset with its policy: root warnings only for attach and exec start, which no body bounds', () => {
    const warnings = lintProfile(presetRules(CI_RUNNER_PRESET), CI_RUNNER_PRESET_POLICY);
    assert.deepEqual(
      warnings.map((w) => w.kind),
      ['root-grant', 'root-grant'],
      warnings.map((w) => w.message).join('\n'),
    );
    assert.match(
      warnings.map((w) => w.message).join('\n'),
      /POST \/containers\/\{id\}\/attach[^]*POST \/exec\/\{id\}\/start/,
    );
  });
});

describe('lintProfile', () => {
  for (const c of CASES) {
    it(`${c.kind}: ${c.name}`, () => {
      const found = lintProfile(c.rules).filter((w) => w.kind === c.kind);
      assert.deepEqual(
        found.map((w) => w.where),
        c.where,
        found.map((w) => w.message).join('\n'),
      );
      for (const w of found) {
        if (c.says) assert.match(w.message, c.says);
        assert.equal(w.ruleId, w.index === -1 ? null : c.rules[w.index]?.id);
      }
    });
  }

  it('the built-in rules draw no warning at all', () => {
    assert.deepEqual(lintProfile(BUILTIN_RULES), []);
  });

  it("presets draw no warning but root grants (and Portainer's is one rule)", () => {
    for (const p of PRESETS) {
      const others = lintProfile(presetRules(p)).filter((w) => w.kind !== 'root-grant');
      assert.deepEqual(
        others.map((w) => w.message),
        [],
        p.id,
      );
    }
    assert.equal(lintProfile(presetRules(PRESETS.find((p) => p.fullControl) ?? PRESETS[0]!)).length, 1);
  });

  it('a set that does not compile yields no warnings (it is refused elsewhere)', () => {
    assert.deepEqual(lintProfile([{ ...PING, pattern: '(' }]), []);
  });

  it('puts set-wide warnings first, then follows rule order', () => {
    const w = lintProfile([allow('typo', ['GET'], 'contianers/json'), allow('create', ['POST'], 'containers/create')]);
    assert.deepEqual(
      w.map((x) => `${x.where} ${x.kind}`),
      ['/rules no-ping', '/rules/0 matches-nothing', '/rules/1 root-grant'],
    );
  });

  it('every write and read it names is a catalog operation', () => {
    const known = new Set(OPERATIONS.map((o) => `${o.method} ${o.template}`));
    for (const need of WRITE_NEEDS) for (const op of [...need.reads, ...need.writes]) assert.ok(known.has(op), op);
  });
});

describe('rootGrantedOperations: what a save that adds one asks about', () => {
  const CREATE_RULE = allow('create', ['POST'], 'containers/create');
  const CASES: readonly { name: string; rules: readonly Rule[]; policy: BodyPolicy | null; ops: readonly string[] }[] =
    [
      { name: 'the built-in set grants none', rules: BUILTIN_RULES, policy: null, ops: [] },
      { name: 'a read-only rule grants none', rules: [PING, LIST], policy: null, ops: [] },
      {
        name: 'create without a body policy is root',
        rules: [PING, CREATE_RULE],
        policy: null,
        ops: ['POST /containers/create'],
      },
      {
        name: 'create bounded by the ci-runner policy is not',
        rules: [PING, CREATE_RULE],
        policy: CI_RUNNER_POLICY,
        ops: [],
      },
      {
        name: 'exec start is root whatever the policy',
        rules: [allow('exec', ['POST'], 'exec/[^/]+/start')],
        policy: CI_RUNNER_POLICY,
        ops: ['POST /exec/{id}/start'],
      },
      {
        name: 'a disabled rule grants nothing',
        rules: [allow('create', ['POST'], 'containers/create', false)],
        policy: null,
        ops: [],
      },
      {
        name: 'a set that does not compile grants nothing here',
        rules: [{ ...CREATE_RULE, pattern: '^/(x' }],
        policy: null,
        ops: [],
      },
    ];
  for (const c of CASES) {
    it(c.name, () => assert.deepEqual(rootGrantedOperations(c.rules, c.policy), c.ops));
  }

  it('allow-all grants every root-equivalent operation the lint warns about, in catalog order', () => {
    const ops = rootGrantedOperations([allow('all', '*', '.*')], null);
    assert.ok(ops.includes('POST /containers/create') && ops.includes('POST /exec/{id}/start'), ops.join(', '));
    assert.deepEqual(
      ops,
      OPERATIONS.map((o) => `${o.method} ${o.template}`).filter((k) => ops.includes(k)),
    );
  });
});
