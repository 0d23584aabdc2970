// The store under crashes, corruption and a second writer: never a torn file, never an overwrite of a file it cannot
// read, never a change lost without a word. Real processes, killed with SIGKILL; no daemon needed.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT } from '../../server/boot-errors.ts';
import { parseStore, StoreError } from '../../server/store/file-adapter.ts';
import { openStore } from '../../server/store/store.ts';
import { sleep } from '../harness/dockerd.ts';
import { REPO, runDoxy } from '../harness/doxy.ts';

const CHILD = join(REPO, 'test', 'security', 'store-child.ts');
const dirs: string[] = [];

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'doxy-sec-store-'));
  dirs.push(d);
  return d;
}

function child(args: readonly string[]): {
  proc: ChildProcessWithoutNullStreams;
  lines: string[];
  exited: Promise<void>;
} {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { cwd: REPO });
  const lines: string[] = [];
  let rest = '';
  proc.stdout.on('data', (d: Buffer) => {
    const parts = (rest + d.toString()).split('\n');
    rest = parts.pop() ?? '';
    lines.push(...parts);
  });
  proc.stderr.on('data', () => undefined);
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  return { proc, lines, exited };
}

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; await sleep(5)) if (check()) return true;
  return check();
}

/** Starts doxy on the store `file` in `dir` (no daemon, no admin app), and waits for it to stop. */
function startOn(dir: string, file: string): ReturnType<typeof runDoxy> {
  return runDoxy([
    '--db-file',
    file,
    '--docker-socket',
    join(dir, 'none.sock'),
    '--proxy-socket',
    join(dir, 'doxy.sock'),
    '--admin-address',
    'none',
  ]);
}

after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('a crash in the middle of a save', () => {
  it('SIGKILL at random moments while saving never leaves a torn store, and no acknowledged save is lost', async (t) => {
    const file = join(tempDir(), 'db.json');
    let random = 7;
    const next = (n: number): number => {
      random = (random * 1103515245 + 12345) % 2147483648;
      return random % n;
    };
    let acknowledged = 0;
    let kills = 0;
    for (let round = 0; round < 12; round++) {
      const c = child(['loop', file]);
      const wanted = 1 + next(3);
      assert.ok(await until(() => c.lines.length >= wanted, 20_000), `round ${round}: the writer never saved`);
      await sleep(next(25));
      c.proc.kill('SIGKILL');
      kills++;
      await c.exited;
      const saved = c.lines.filter((l) => l.startsWith('saved ')).map((l) => Number(l.split(' ')[1]));
      acknowledged = Math.max(acknowledged, ...saved);
      const text = readFileSync(file, 'utf8');
      let revision = 0;
      assert.doesNotThrow(() => {
        revision = parseStore(text, file).revision;
      }, `round ${round}: the store does not parse after SIGKILL`);
      assert.ok(
        revision >= acknowledged,
        `round ${round}: revision ${revision} on disk, but ${acknowledged} was acknowledged`,
      );
    }
    const litter = readdirSync(join(file, '..')).filter((f) => f.endsWith('.tmp'));
    t.diagnostic(`${kills} kills, last acknowledged revision ${acknowledged}, ${litter.length} temp files left behind`);
  });
});

describe('a store that does not parse is refused, not overwritten', () => {
  const VALID = (): string => {
    const s = { format: 'doxy-store', version: 1, revision: 3, rules: [], history: [], adminToken: 'a'.repeat(32) };
    return `${JSON.stringify(s, null, 2)}\n`;
  };
  const CASES: readonly { readonly name: string; readonly text: () => string }[] = [
    { name: 'not JSON', text: () => '{ this is not json' },
    { name: 'torn in half', text: () => VALID().slice(0, Math.floor(VALID().length / 2)) },
    { name: 'empty', text: () => '' },
    { name: 'JSON of another shape', text: () => '{"rules": "everything"}\n' },
    {
      name: 'a rule whose pattern does not compile',
      text: () =>
        VALID().replace(
          '"rules": []',
          '"rules": [{"id":"x","action":"allow","methods":"*","pattern":"(","comment":"","enabled":true}]',
        ),
    },
  ];

  for (const c of CASES) {
    it(`${c.name}: doxy stops with the store exit code, names the file, and leaves its bytes alone`, async () => {
      const dir = tempDir();
      const file = join(dir, 'db.json');
      writeFileSync(file, c.text());
      const run = await startOn(dir, file);
      assert.equal(run.code, EXIT.store, run.stderr);
      assert.ok(run.stderr.includes(file), run.stderr);
      assert.equal(readFileSync(file, 'utf8'), c.text());
    });

    it(`${c.name}: openStore throws STORE_CORRUPT and writes nothing`, async () => {
      const file = join(tempDir(), 'db.json');
      writeFileSync(file, c.text());
      await assert.rejects(openStore(file, []), (e: unknown) => e instanceof StoreError && e.code === 'STORE_CORRUPT');
      assert.equal(readFileSync(file, 'utf8'), c.text());
    });
  }
});

describe('a stored pattern over the cost limit (older versions of doxy accepted it)', () => {
  // A deny rule cannot be left out safely (what it denies would pass), so doxy refuses to start, says which rule and how
  // to fix it, and leaves the file to the user.
  const rule = (id: string, action: string, pattern: string): object => ({
    id,
    action,
    methods: '*',
    pattern,
    comment: '',
    enabled: true,
  });
  const STORE = `${JSON.stringify(
    {
      format: 'doxy-store',
      version: 2,
      revision: 7,
      profiles: [
        { name: 'default', rules: [rule('ping', 'allow', '^/_ping$')] },
        {
          name: 'traefik',
          rules: [rule('ping', 'allow', '^/_ping$'), rule('no-letters', 'deny', '^/x/\\pL{100}$')],
        },
      ],
      sockets: [],
      history: [],
      adminToken: 'a'.repeat(32),
    },
    null,
    2,
  )}\n`;

  it('doxy stops with the store exit code, one message naming the file, profile, rule and position, and the fix', async () => {
    const dir = tempDir();
    const file = join(dir, 'db.json');
    writeFileSync(file, STORE);
    const run = await startOn(dir, file);
    assert.equal(run.code, EXIT.store, run.stderr);
    assert.equal(readFileSync(file, 'utf8'), STORE, 'the file is left byte for byte');
    const lines = run.stderr.trim().split('\n');
    assert.equal(lines.length, 1, run.stderr);
    const message = lines[0] ?? '';
    for (const part of [
      `store ${file}`,
      'profile "traefik", rule 1 (id "no-letters")',
      '/profiles/1/rules/1/pattern',
      'pattern too costly',
      '(at index 7)',
      'edit or remove that rule in the file',
      'doxy will not overwrite it',
    ])
      assert.ok(message.includes(part), `${part} not in: ${message}`);
  });
});

describe('two writers on one file', () => {
  interface SaveLine {
    readonly marker: string;
    readonly ok: boolean;
    readonly revision?: number;
    readonly code?: string;
  }
  /** Waits for both writers to print "ready" (the store is open); the timeout only bounds a hang. */
  const bothReady = async (...writers: ReturnType<typeof child>[]): Promise<void> => {
    for (const w of writers)
      assert.ok(await until(() => w.lines.includes('ready'), 60_000), 'a writer never opened the store');
  };
  const parse = (lines: readonly string[]): SaveLine[] =>
    lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as SaveLine);

  it('the second of two processes to save gets a conflict error instead of overwriting the first', async () => {
    const file = join(tempDir(), 'db.json');
    await openStore(file, []);
    const a = child(['race', file, '1', 'a']);
    const b = child(['race', file, '1', 'b']);
    await bothReady(a, b);
    a.proc.stdin.write('go\n');
    await a.exited;
    b.proc.stdin.write('go\n');
    await b.exited;
    assert.deepEqual(
      [parse(a.lines), parse(b.lines)],
      [[{ marker: 'a-0', ok: true, revision: 2 }], [{ marker: 'b-0', ok: false, code: 'STORE_CONFLICT' }]],
    );
    assert.equal(parseStore(readFileSync(file, 'utf8'), file).profiles[0]?.rules[0]?.comment, 'a-0');
  });

  it("two processes saving at once: every save reported as done is in the file's history", async () => {
    let lost: string[] = [];
    for (let round = 0; round < 5 && lost.length === 0; round++) {
      const file = join(tempDir(), 'db.json');
      await openStore(file, []);
      const a = child(['race', file, '40', 'a']);
      const b = child(['race', file, '40', 'b']);
      await bothReady(a, b);
      a.proc.stdin.write('go\n');
      b.proc.stdin.write('go\n');
      await Promise.all([a.exited, b.exited]);
      const done = [...parse(a.lines), ...parse(b.lines)].filter((s) => s.ok).map((s) => s.marker);
      const history = new Set(parseStore(readFileSync(file, 'utf8'), file).history.map((h) => h.reason));
      lost = done.filter((m) => !history.has(m));
    }
    assert.deepEqual(lost, [], 'saves reported as done are missing from the store');
  });
});
