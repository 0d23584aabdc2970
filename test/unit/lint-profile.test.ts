// lintProfile(): each kind of warning fires when it should and stays quiet when it should not, naming the rule and where.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OPERATIONS } from '../../shared/catalog/engine-api.ts';
import { lintProfile, type ProfileLintKind } from '../../shared/lint/lint-profile.ts';
import { WRITE_NEEDS } from '../../shared/lint/write-needs.ts';
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
