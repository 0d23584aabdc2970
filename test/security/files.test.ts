// Files beside the store under an attacker who can plant names there (issue 12, item 5): the request log and the lock
// are never written through a link, and the start says when the store's directory is open to others.
import assert from 'node:assert/strict';
import {
  chmodSync,
  chownSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { withLock } from '../../server/store/lock.ts';
import { http } from '../harness/raw-http.ts';
import { sleep } from '../harness/dockerd.ts';
import { startDoxy } from '../harness/doxy.ts';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'doxy-sec-files-'));
  dirs.push(d);
  return d;
}
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A file of root's elsewhere, that a link planted beside the store points at. */
function victim(): { path: string; text: string } {
  const path = join(tempDir(), 'victim.conf');
  const text = 'root-only configuration\n';
  writeFileSync(path, text, { mode: 0o644 });
  return { path, text };
}

describe('a link planted at the request log', () => {
  it('is never written through: the file it points at keeps its text, and doxy says why entries are not written', async () => {
    const v = victim();
    const dir = tempDir();
    const log = join(dir, 'db.json.requests.jsonl');
    symlinkSync(v.path, log);
    const doxy = await startDoxy({ dockerSocket: '/nonexistent/docker.sock', dir });
    try {
      for (let i = 0; i < 3; i++) await http(doxy.socket, `/v1.41/containers/attacker-text-${i}/json`);
      for (let i = 0; i < 40 && !doxy.output().includes('symbolic link'); i++) await sleep(50);
    } finally {
      await doxy.stop();
    }
    assert.equal(readFileSync(v.path, 'utf8'), v.text);
    assert.ok(lstatSync(log).isSymbolicLink(), 'the link is left as it is');
    assert.match(
      doxy.output(),
      /request log .*db\.json\.requests\.jsonl: is a symbolic link; doxy does not write through links/,
    );
  });
});

describe('a link planted at the lock file', () => {
  it('is never written through: the pid goes to a new file of doxy, the file pointed at keeps its text', async () => {
    const v = victim();
    const file = join(tempDir(), 'db.json');
    // The per-process name is predictable: `<db>.lock.<pid>`.
    symlinkSync(v.path, `${file}.lock.${process.pid}`);
    let ran = false;
    await withLock(file, async () => {
      ran = true;
      assert.equal(readFileSync(`${file}.lock`, 'utf8'), String(process.pid));
      assert.equal(lstatSync(`${file}.lock`).isSymbolicLink(), false);
    });
    assert.equal(ran, true);
    assert.equal(readFileSync(v.path, 'utf8'), v.text);
  });

  it('a link at the lock name itself is removed, not read through, and does not hold the lock', async () => {
    const v = victim();
    writeFileSync(v.path, '1\n'); // pid 1 is alive: read through the link, the lock would look held for good
    const file = join(tempDir(), 'db.json');
    symlinkSync(v.path, `${file}.lock`);
    let ran = false;
    await withLock(
      file,
      async () => {
        ran = true;
        assert.equal(lstatSync(`${file}.lock`).isSymbolicLink(), false);
      },
      1000,
    );
    assert.equal(ran, true);
    assert.equal(readFileSync(v.path, 'utf8'), '1\n');
  });
});

describe("the store's directory", () => {
  const cases: [string, (dir: string) => void, RegExp | null][] = [
    ['private (0700)', (d) => chmodSync(d, 0o700), null],
    [
      'world-writable without the sticky bit (0777)',
      (d) => chmodSync(d, 0o777),
      /is writable by every user \(mode 777/,
    ],
    ['group-writable (0770)', (d) => chmodSync(d, 0o770), /is writable by its group \(mode 770/],
    ['world-writable with the sticky bit (1777, like /tmp)', (d) => chmodSync(d, 0o1777), null],
    [
      'owned by another user',
      (d) => {
        chmodSync(d, 0o755);
        chownSync(d, 65534, 65534);
      },
      /is owned by uid 65534, not doxy's user/,
    ],
  ];
  for (const [what, prepare, warning] of cases) {
    it(`${what}: ${warning ? 'a warning on stderr at start' : 'no warning'}`, async () => {
      const dir = join(tempDir(), 'store');
      mkdirSync(dir);
      prepare(dir);
      const doxy = await startDoxy({ dockerSocket: '/nonexistent/docker.sock', dir });
      await doxy.stop();
      if (warning) assert.match(doxy.output(), new RegExp(`doxy: warning: store directory ${dir} ${warning.source}`));
      else assert.doesNotMatch(doxy.output(), /warning: store directory/);
    });
  }
});
