// `npx tsx bench/scope-cost.ts [N]`: what ownership scoping costs per request. N (2000) container inspects and lists,
// one keep-alive connection each, straight to the daemon and through doxy on a scoped and an unscoped profile (both
// made from the portainer preset, so that their rules are the same). 20 containers exist, 10 of them the scoped
// profile's. Prints the median and mean of each, in microseconds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScopeResponse } from '../shared/protocol/scope.ts';
import { startAdminDoxy } from '../test/harness/admin.ts';
import { dockerOk } from '../test/harness/docker-cli.ts';
import { TEST_IMAGE } from '../test/harness/dockerd.ts';
import { openDaemon } from './daemon.ts';
import { Connection, requestBytes } from './http-client.ts';

const N = Number(process.argv[2] ?? 2000);

async function time(socket: string, target: string): Promise<{ median: number; mean: number }> {
  const c = await Connection.open(socket);
  const raw = requestBytes('GET', target);
  const us: number[] = [];
  for (let i = 0; i < N + 100; i++) {
    const t = performance.now();
    const r = await c.request(raw);
    if (r.status !== 200) throw new Error(`${target} on ${socket}: ${r.status}`);
    if (i >= 100) us.push((performance.now() - t) * 1000);
  }
  c.close();
  us.sort((a, b) => a - b);
  return { median: us[Math.floor(us.length / 2)] ?? 0, mean: us.reduce((s, x) => s + x, 0) / us.length };
}

const { socket: daemon, dockerd } = await openDaemon();
const dir = mkdtempSync(join(tmpdir(), 'doxy-scope-bench-'));
const scoped = join(dir, 'scoped.sock');
const plain = join(dir, 'plain.sock');
const a = await startAdminDoxy({
  dockerSocket: daemon,
  dir,
  bundle: false,
  args: ['--socket', `${scoped}=scoped,from=portainer`, '--socket', `${plain}=plain,from=portainer`],
});
const names: string[] = [];
try {
  const state = (await a.call('/api/scope?profile=scoped')).body as ScopeResponse;
  await a.call('/api/scope?profile=scoped', { method: 'PUT', body: { basedOn: state.revision, scoped: true } });
  for (let i = 0; i < 20; i++) {
    const name = `doxy-scope-bench-${i}`;
    await dockerOk(i < 10 ? scoped : daemon, ['create', '--name', name, '--network', 'none', TEST_IMAGE, 'true']);
    names.push(name);
  }
  const id = (await dockerOk(daemon, ['inspect', '-f', '{{.Id}}', names[0] ?? ''])).trim();
  const rows: [string, string][] = [
    ['inspect by id', `/v1.41/containers/${id}/json`],
    // A name is looked up on the daemon each time: only full ids are cached.
    ['inspect by name', `/v1.41/containers/${names[0] ?? ''}/json`],
    ['list', '/v1.41/containers/json?all=1'],
  ];
  console.log(`${N} requests each, one keep-alive connection; microseconds (median / mean); two rounds, order swapped`);
  for (const [row, target] of rows)
    for (const order of [
      ['direct', 'unscoped', 'scoped'],
      ['scoped', 'unscoped', 'direct'],
    ] as const)
      for (const via of order) {
        const t = await time(via === 'direct' ? daemon : via === 'scoped' ? scoped : plain, target);
        console.log(`${row.padEnd(16)} ${via.padEnd(9)} ${t.median.toFixed(0).padStart(6)} / ${t.mean.toFixed(0)}`);
      }
} finally {
  if (names.length > 0) await dockerOk(daemon, ['rm', '-f', ...names]);
  await a.stop();
  await dockerd?.stop();
  rmSync(dir, { recursive: true, force: true });
}
