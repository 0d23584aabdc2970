// The daemon objects the workloads read: listed containers, a container holding 4 MB of short log lines,
// a running container for exec, and two images of random bytes (2 MB and 200 MB) for export.
import { execFileSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importBusybox, TEST_IMAGE } from '../test/harness/dockerd.ts';
import { api, apiOk, idOf } from './docker-api.ts';

export const LABEL = 'doxy.bench';
export const LOG_BYTES = 4 * 1024 * 1024;

export interface Fixtures {
  readonly containers: number;
  readonly logsContainer: string;
  readonly execContainer: string;
  /** Image name -> its size in bytes, smallest first. */
  readonly images: readonly { readonly name: string; readonly bytes: number }[];
  /** Removes what prepareFixtures made (for a daemon the bench does not own). */
  remove(): Promise<void>;
}

function dockerCli(socket: string, args: readonly string[]): void {
  execFileSync('docker', ['-H', `unix://${socket}`, ...args], { stdio: 'pipe' });
}

/** `docker import` of a directory, as the test harness makes its image. */
function importDir(socket: string, root: string, name: string): void {
  const tar = `${root}.tar`;
  execFileSync('tar', ['-C', root, '-cf', tar, '.']);
  dockerCli(socket, ['import', '--change', 'ENV PATH=/bin', tar, name]);
  rmSync(tar, { force: true });
}

function importRandomImage(socket: string, work: string, name: string, bytes: number): void {
  const root = join(work, name.replace(/[^a-z0-9]+/g, '-'));
  mkdirSync(root);
  const fd = openSync(join(root, 'random.bin'), 'w');
  const block = Buffer.alloc(1024 * 1024);
  for (let left = bytes; left > 0; left -= block.length)
    writeSync(fd, randomFillSync(block), 0, Math.min(left, block.length));
  closeSync(fd);
  importDir(socket, root, name);
  rmSync(root, { recursive: true, force: true });
}

/** On a daemon the bench did not start, the busybox image the workloads run may be missing. */
async function ensureBusybox(socket: string, work: string): Promise<void> {
  if ((await api(socket, 'GET', `/images/${TEST_IMAGE}/json`)).status === 200) return;
  importBusybox(work, socket);
}

async function createContainer(socket: string, name: string, cmd: readonly string[]): Promise<string> {
  const body = { Image: TEST_IMAGE, Cmd: cmd, Labels: { [LABEL]: '1' }, HostConfig: { NetworkMode: 'none' } };
  return idOf(await apiOk(socket, 'POST', `/containers/create?name=${name}`, body));
}

export async function prepareFixtures(socket: string, listed: number, bigImageBytes: number): Promise<Fixtures> {
  const work = mkdtempSync(join(tmpdir(), 'doxy-bench-'));
  const tag = `${process.pid}`;
  const images = [
    { name: `doxy-bench-2mb:${tag}`, bytes: 2 * 1024 * 1024 },
    { name: `doxy-bench-200mb:${tag}`, bytes: bigImageBytes },
  ];
  try {
    await ensureBusybox(socket, work);
    for (const image of images) importRandomImage(socket, work, image.name, image.bytes);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  for (let i = 0; i < listed; i += 10) {
    await Promise.all(
      Array.from({ length: Math.min(10, listed - i) }, (_, k) =>
        createContainer(socket, `doxy-bench-${tag}-${i + k}`, ['true']),
      ),
    );
  }
  const logsContainer = await createContainer(socket, `doxy-bench-${tag}-logs`, [
    'sh',
    '-c',
    `yes 'doxy bench log' | head -c ${LOG_BYTES}`,
  ]);
  await apiOk(socket, 'POST', `/containers/${logsContainer}/start`);
  await apiOk(socket, 'POST', `/containers/${logsContainer}/wait`);
  const execContainer = await createContainer(socket, `doxy-bench-${tag}-exec`, ['sleep', '3600']);
  await apiOk(socket, 'POST', `/containers/${execContainer}/start`);
  const all = await apiOk(socket, 'GET', '/containers/json?all=1');

  return {
    containers: Array.isArray(all) ? all.length : 0,
    logsContainer,
    execContainer,
    images,
    remove: async () => {
      const mine = await apiOk(
        socket,
        'GET',
        `/containers/json?all=1&filters=${encodeURIComponent(JSON.stringify({ label: [LABEL] }))}`,
      );
      for (const c of Array.isArray(mine) ? mine : []) await api(socket, 'DELETE', `/containers/${idOf(c)}?force=1`);
      for (const image of images) await api(socket, 'DELETE', `/images/${image.name}`);
    },
  };
}
