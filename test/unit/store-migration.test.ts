// Store version 1 (one rule set) is read as version 2 (profile 'default', no sockets) and written as version 2 by the
// next save only (the version 1 file kept beside it); a version 2 file whose profiles and sockets do not hold together is refused with where.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { StoreError } from '../../server/store/file-adapter.ts';
import { openStore } from '../../server/store/store.ts';
import { withProfileRules } from '../../shared/profiles/configuration.ts';
import type { Rule } from '../../shared/rules/types.ts';

const dirs: string[] = [];
const file = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'doxy-unit-store-'));
  dirs.push(d);
  return join(d, 'db.json');
};
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const PING: Rule = { id: 'ping', action: 'allow', methods: ['GET'], pattern: '^/_ping$', comment: '', enabled: true };
const NETS: Rule = {
  id: 'nets',
  action: 'allow',
  methods: ['GET'],
  pattern: '^/networks$',
  comment: '',
  enabled: true,
};
const TOKEN = 't'.repeat(32);

const V1 = {
  format: 'doxy-store',
  version: 1,
  revision: 2,
  rules: [NETS],
  history: [
    { revision: 1, savedAt: '2026-11-01T00:00:00.000Z', reason: 'built-in rules', rules: [PING] },
    { revision: 2, savedAt: '2026-11-02T00:00:00.000Z', reason: 'saved in the admin app', rules: [NETS] },
  ],
  adminToken: TOKEN,
};

describe('a version 1 store', () => {
  it('opens as profile "default" with its revision, history and token, and the file is left as it was', async () => {
    const f = file();
    const text = `${JSON.stringify(V1, null, 2)}\n`;
    writeFileSync(f, text);
    const store = await openStore(f, []);
    assert.equal(store.revision(), 2);
    assert.deepEqual(store.profiles(), [{ name: 'default', rules: [NETS] }]);
    assert.deepEqual(store.sockets(), []);
    assert.equal(store.adminToken(), TOKEN);
    assert.deepEqual(
      store.history().map((h) => [h.revision, h.reason, h.profiles]),
      [
        [1, 'built-in rules', [{ name: 'default', rules: [PING] }]],
        [2, 'saved in the admin app', [{ name: 'default', rules: [NETS] }]],
      ],
    );
    assert.equal(readFileSync(f, 'utf8'), text);
  });

  it('is written as version 2 by the next save, its history carried over, the version 1 file kept as .v1.bak', async () => {
    const f = file();
    writeFileSync(f, JSON.stringify(V1), { mode: 0o600 });
    const store = await openStore(f, []);
    const r = await store.save(withProfileRules(store.config(), 'ci', [PING]), 2, 'profile ci created');
    assert.deepEqual(r, { ok: true, revision: 3 });
    const saved = JSON.parse(readFileSync(f, 'utf8')) as Record<string, unknown>;
    assert.equal(saved.version, 2);
    assert.equal(saved.rules, undefined);
    assert.deepEqual(saved.profiles, [
      { name: 'default', rules: [NETS] },
      { name: 'ci', rules: [PING] },
    ]);
    assert.deepEqual(
      (saved.history as { revision: number }[]).map((h) => h.revision),
      [1, 2, 3],
    );
    const again = await openStore(f, []);
    assert.deepEqual(again.config(), store.config());
    assert.equal(readFileSync(`${f}.v1.bak`, 'utf8'), JSON.stringify(V1));
    assert.equal(statSync(`${f}.v1.bak`).mode & 0o777, 0o600);
  });

  it('with a bad pattern is refused, pointing at /rules as the file has it', async () => {
    const f = file();
    const text = JSON.stringify({ ...V1, rules: [{ ...NETS, pattern: '(' }] });
    writeFileSync(f, text);
    await assert.rejects(
      openStore(f, []),
      (e: unknown) => e instanceof StoreError && e.code === 'STORE_CORRUPT' && e.message.includes('/rules/0/pattern'),
    );
    assert.equal(readFileSync(f, 'utf8'), text);
  });
});

describe('a version 2 store that does not hold together', () => {
  const V2 = {
    format: 'doxy-store',
    version: 2,
    revision: 1,
    profiles: [{ name: 'default', rules: [PING] }],
    sockets: [{ path: '/run/a.sock', profile: 'default', mode: '660' }],
    history: [],
    adminToken: TOKEN,
  };
  const CASES: [string, unknown, string][] = [
    ['no profile "default"', { ...V2, profiles: [{ name: 'other', rules: [] }], sockets: [] }, '/profiles'],
    [
      'a socket bound to a missing profile',
      { ...V2, sockets: [{ path: '/run/a.sock', profile: 'gone', mode: '660' }] },
      '/sockets/0/profile',
    ],
    [
      'a world-writable socket',
      { ...V2, sockets: [{ path: '/run/a.sock', profile: 'default', mode: '666' }] },
      '/sockets/0/mode',
    ],
    [
      'a profile named twice',
      {
        ...V2,
        profiles: [
          { name: 'default', rules: [] },
          { name: 'default', rules: [] },
        ],
      },
      '/profiles/1/name',
    ],
    ['rules at the top level', { ...V2, rules: [] }, '/'],
    ['an unknown version', { ...V2, version: 3 }, '/version'],
  ];
  for (const [what, data, where] of CASES) {
    it(`${what}: refused with the file and ${where}, and not written`, async () => {
      const f = file();
      const text = JSON.stringify(data);
      writeFileSync(f, text);
      await assert.rejects(
        openStore(f, []),
        (e: unknown) =>
          e instanceof StoreError &&
          e.code === 'STORE_CORRUPT' &&
          e.message.includes(f) &&
          e.message.includes(`${where}:`),
      );
      assert.equal(readFileSync(f, 'utf8'), text);
    });
  }
});
