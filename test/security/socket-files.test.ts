// Socket files in a directory others can write (issue 12, item 4): changing a socket's mode, owner or group, and
// making one, never follow a link planted at its path. A real doxy as root, changed through the admin API.
import assert from 'node:assert/strict';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { SocketsResponse } from '../../shared/protocol/sockets.ts';
import { startAdminDoxy, type AdminDoxy } from '../harness/admin.ts';

const root = process.getuid?.() === 0;

describe(
  'a link planted at a socket path',
  { skip: root ? false : 'needs root (the attack is on what root changes)' },
  () => {
    let a: AdminDoxy;
    const dir = mkdtempSync(join(tmpdir(), 'doxy-sec-sockets-'));
    /** Where an agent's socket lives: a directory every user can write (no sticky bit). */
    const shared = join(dir, 'shared');
    const victimDir = mkdtempSync(join(tmpdir(), 'doxy-sec-victim-'));
    const victim = join(victimDir, 'shadow');

    const sockets = async (): Promise<SocketsResponse> => (await a.call('/api/sockets')).body as SocketsResponse;
    const put = async (list: unknown[]): Promise<SocketsResponse> => {
      const r = await a.call('/api/sockets', {
        method: 'PUT',
        body: { basedOn: (await sockets()).revision, sockets: list },
      });
      assert.equal(r.status, 200, r.text);
      return r.body as SocketsResponse;
    };
    const victimState = (): [number, number, number, string] => {
      const s = statSync(victim);
      return [s.mode & 0o7777, s.uid, s.gid, String(s.size)];
    };

    before(async () => {
      writeFileSync(victim, 'root:secret\n', { mode: 0o600 });
      a = await startAdminDoxy({ dir });
      mkdirSync(shared);
      chmodSync(shared, 0o777);
    });
    after(async () => {
      await a?.stop();
      rmSync(dir, { recursive: true, force: true });
      rmSync(victimDir, { recursive: true, force: true });
    });

    it('a mode, owner and group change after the socket was swapped for a link changes neither, and the socket reports why', async () => {
      const path = join(shared, 'agent.sock');
      const made = await put([{ path, profile: 'default', mode: '600' }]);
      assert.deepEqual(
        made.sockets.filter((s) => s.path === path).map((s) => [s.listening, s.error]),
        [[true, null]],
      );
      const before = victimState();
      // The attacker (who can write the directory) replaces the socket with a link to a file of root's.
      unlinkSync(path);
      symlinkSync(victim, path);
      const changed = await put([{ path, profile: 'default', mode: '660', owner: '65534', group: '65534' }]);
      assert.deepEqual(victimState(), before, 'the file the link points at was changed');
      const state = changed.sockets.find((s) => s.path === path);
      assert.equal(state?.listening, true);
      assert.match(
        state?.error ?? '',
        /is a symbolic link, not the socket doxy made \(it was replaced\); doxy changes nothing there/,
      );
      // Removing the socket leaves what the link points at alone (libuv unlinks the name on close: the link only).
      await put([]);
      assert.deepEqual(victimState(), before);
      rmSync(path, { force: true });
    });

    it('a socket swapped for another file is refused the same way', async () => {
      const path = join(shared, 'other.sock');
      await put([{ path, profile: 'default', mode: '600' }]);
      unlinkSync(path);
      writeFileSync(path, 'planted\n', { mode: 0o600 });
      const changed = await put([{ path, profile: 'default', mode: '660' }]);
      assert.equal(statSync(path).mode & 0o777, 0o600);
      assert.match(
        changed.sockets.find((s) => s.path === path)?.error ?? '',
        /is a regular file, not the socket doxy made/,
      );
      await put([]);
      rmSync(path, { force: true });
    });

    it('making a socket where a link was planted refuses, and leaves the link and its target alone', async () => {
      const path = join(shared, 'planted.sock');
      symlinkSync(victim, path);
      const before = victimState();
      const made = await put([{ path, profile: 'default', mode: '660', group: '65534' }]);
      const state = made.sockets.find((s) => s.path === path);
      assert.equal(state?.listening, false);
      assert.match(state?.error ?? '', /exists and is not a socket; doxy will not replace it/);
      assert.deepEqual(victimState(), before);
      assert.ok(lstatSync(path).isSymbolicLink());
      await put([]);
    });

    it('an untouched socket still changes in place (same inode), mode, owner and group', async () => {
      const path = join(shared, 'fine.sock');
      await put([{ path, profile: 'default', mode: '600' }]);
      const ino = statSync(path).ino;
      const changed = await put([{ path, profile: 'default', mode: '660', owner: '65534', group: '65534' }]);
      assert.equal(changed.sockets.find((s) => s.path === path)?.error, null);
      const s = statSync(path);
      assert.deepEqual([s.ino, s.mode & 0o777, s.uid, s.gid], [ino, 0o660, 65534, 65534]);
      await put([]);
    });
  },
);
