// Starts a private dockerd for one test run, in its own temp dir, with a busybox image made by `docker import`.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, copyFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TEST_IMAGE = 'doxy-test-busybox:latest';
const APPLETS = [
  'sh',
  'cat',
  'echo',
  'sleep',
  'ls',
  'head',
  'yes',
  'dd',
  'seq',
  'true',
  'wc',
  'printf',
  'env',
  'tail',
  'od',
];

export interface Dockerd {
  readonly socket: string;
  readonly pid: number;
  readonly dir: string;
  stop(): Promise<void>;
}

function which(cmd: string): string | null {
  try {
    return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

export function pingSocket(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath: socket, path: '/_ping', timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}

/** Why a private dockerd cannot run here, or null when it can. */
export function dockerdUnavailable(): string | null {
  if (process.getuid?.() !== 0) return 'dockerd needs root';
  for (const cmd of ['dockerd', 'docker', 'busybox', 'tar'])
    if (which(cmd) === null) return `"${cmd}" is not installed (apt-get install docker.io busybox-static)`;
  return null;
}

export async function startDockerd(): Promise<Dockerd> {
  const dir = mkdtempSync(join(tmpdir(), 'doxy-dockerd-'));
  const socket = join(dir, 'docker.sock');
  const pidfile = join(dir, 'dockerd.pid');
  const log = openSync(join(dir, 'dockerd.log'), 'a');
  const child = spawn(
    'dockerd',
    [
      '--host',
      `unix://${socket}`,
      '--data-root',
      join(dir, 'data'),
      '--exec-root',
      join(dir, 'exec'),
      '--pidfile',
      pidfile,
      '--iptables=false',
      '--ip6tables=false',
      '--bridge=none',
      '--storage-driver=vfs',
      '--shutdown-timeout=2',
      '--log-level=warn',
    ],
    { detached: true, stdio: ['ignore', log, log] },
  );
  child.unref();
  const pid = child.pid ?? -1;
  const stop = async (): Promise<void> => {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
    for (let i = 0; i < 100 && alive(pid); i++) await sleep(100);
    if (alive(pid))
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    for (let i = 0; i < 20 && alive(pid); i++) await sleep(100);
    unmountUnder(dir);
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 150; i++) {
    if (existsSync(socket) && (await pingSocket(socket))) break;
    if (!alive(pid)) break;
    await sleep(200);
  }
  if (!(await pingSocket(socket))) {
    const text = readLog(dir);
    await stop();
    throw new Error(`dockerd did not come up on ${socket}:\n${text}`);
  }
  importBusybox(dir, socket);
  return { socket, pid, dir, stop };
}

/** Makes TEST_IMAGE on `socket` by `docker import` of Debian's static busybox, working in `dir`. */
export function importBusybox(dir: string, socket: string): void {
  const root = join(dir, 'image');
  mkdirSync(join(root, 'bin'), { recursive: true });
  mkdirSync(join(root, 'tmp'));
  copyFileSync(which('busybox') ?? '/bin/busybox', join(root, 'bin', 'busybox'));
  for (const applet of APPLETS) symlinkSync('busybox', join(root, 'bin', applet));
  const tar = join(dir, 'image.tar');
  execFileSync('tar', ['-C', root, '-cf', tar, '.']);
  execFileSync('docker', ['-H', `unix://${socket}`, 'import', '--change', 'ENV PATH=/bin', tar, TEST_IMAGE], {
    stdio: 'pipe',
  });
}

/**
 * Unmounts what dockerd left mounted under `dir`: after a `--network host` build or container, its exec root keeps
 * the host's network namespace bind-mounted at exec/netns/default, which rmSync cannot remove (EBUSY).
 */
function unmountUnder(dir: string): void {
  const mounts = readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[1] ?? '')
    .filter((target) => target.startsWith(`${dir}/`));
  for (const target of mounts.reverse())
    try {
      execFileSync('umount', ['-l', target], { stdio: 'pipe' });
    } catch {
      /* already gone */
    }
}

function readLog(dir: string): string {
  try {
    return readFileSync(join(dir, 'dockerd.log'), 'utf8').slice(-3000);
  } catch {
    return '(no log)';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
