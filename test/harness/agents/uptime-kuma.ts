// Runs the real Uptime Kuma (npm's uptime-kuma, the app itself) headless on loopback, and drives it as its web app
// does: over socket.io, with the event names and arguments of its server's socket handlers.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { freePort } from '../admin.ts';
import { cleanEnv } from '../doxy.ts';
import { captureOutput, terminate } from './agent-process.ts';

/** The only version on npm; its sqlite3 (@louislam/sqlite3) is built from source where GitHub's prebuilds are out of reach. */
export const UPTIME_KUMA_VERSION = '2.0.0-dev.0';

/** Heartbeat statuses, as Kuma's src/util.js numbers them. */
export const DOWN = 0;
export const UP = 1;

export interface Heartbeat {
  readonly monitorID: number;
  readonly status: number;
  readonly msg: string;
}

export interface UptimeKuma {
  /** Everything it printed so far. */
  output(): string;
  /** Every heartbeat the server pushed to the logged-in client so far, oldest first. */
  heartbeats(): readonly Heartbeat[];
  /** Emits `event` with `args` and resolves with the server's answer (its callback argument). */
  call(event: string, ...args: unknown[]): Promise<KumaAnswer>;
  /** Closes the client, stops the server by its pid (SIGTERM, SIGKILL after 10 s) and removes its data directory. */
  stop(): Promise<void>;
}

export interface KumaAnswer {
  readonly ok: boolean;
  readonly msg?: string;
  readonly id?: number;
  readonly monitorID?: number;
}

/** Where the install lives between runs: DOXY_UPTIME_KUMA_DIR, or a directory of the machine's temp dir. */
export function uptimeKumaHome(): string {
  return process.env.DOXY_UPTIME_KUMA_DIR ?? join(tmpdir(), `doxy-uptime-kuma-${UPTIME_KUMA_VERSION}`);
}

/**
 * Installs uptime-kuma@UPTIME_KUMA_VERSION into `home` unless it is there already; returns the package's directory,
 * or why it could not (the suite skips with that reason; test/run.ts fails a CI run on it).
 */
export function installUptimeKuma(home: string): { dir: string } | { skip: string } {
  const dir = join(home, 'node_modules', 'uptime-kuma');
  const done = join(home, '.installed');
  if (!existsSync(done)) {
    console.error(`installing uptime-kuma@${UPTIME_KUMA_VERSION} into ${home} (minutes where sqlite3 is built)`);
    let partial = '';
    try {
      partial = mkdtempSync(`${home}.partial-`);
      writeFileSync(join(partial, 'package.json'), '{"name":"doxy-uptime-kuma","private":true}\n');
      execFileSync(
        'npm',
        ['install', '--no-audit', '--no-fund', '--foreground-scripts', `uptime-kuma@${UPTIME_KUMA_VERSION}`],
        {
          cwd: partial,
          stdio: ['ignore', 'pipe', 'pipe'],
          timeout: 15 * 60_000,
          encoding: 'utf8',
          maxBuffer: 64 << 20,
        },
      );
      writeFileSync(join(partial, '.installed'), `uptime-kuma@${UPTIME_KUMA_VERSION}\n`);
      rmSync(home, { recursive: true, force: true });
      renameSync(partial, home);
    } catch (error) {
      if (partial) rmSync(partial, { recursive: true, force: true });
      const e = error as { message: string; stderr?: string };
      const said = (e.stderr ?? e.message).trim().slice(-3000);
      return { skip: `npm install uptime-kuma@${UPTIME_KUMA_VERSION} in ${home} failed:\n${said}` };
    }
  }
  fixMisplacedPatches(dir);
  return { dir };
}

/**
 * The 2.0.0-dev.0 tarball has seven SQLite patches in db/ while its server reads them from db/old_migrations/: a
 * new database stops at the first (ENOENT …/patch-add-invert-keyword.sql). Copies them where the server looks.
 */
function fixMisplacedPatches(dir: string): void {
  const db = join(dir, 'db');
  for (const f of readdirSync(db)) {
    const target = join(db, 'old_migrations', f);
    if (f.endsWith('.sql') && !existsSync(target)) cpSync(join(db, f), target);
  }
}

/** Starts `node server/server.js` of the package in `dir` on 127.0.0.1 with a new SQLite database; sets up an admin and logs in. */
export async function startUptimeKuma(dir: string): Promise<UptimeKuma> {
  const data = mkdtempSync(join(tmpdir(), 'doxy-uptime-kuma-data-'));
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['server/server.js', `--data-dir=${data}`, `--port=${port}`, '--host=127.0.0.1'],
    {
      cwd: dir, // it reads its db/ and dist/ relative to the working directory
      env: { ...cleanEnv(), UPTIME_KUMA_DB_TYPE: 'sqlite' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const output = captureOutput(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let client: Socket | null = null;
  const stop = async (): Promise<void> => {
    client?.close();
    await terminate(child, exited);
    rmSync(data, { recursive: true, force: true });
  };
  try {
    await listening(output, () => child.exitCode !== null);
    const socket = io(`http://127.0.0.1:${port}`, { transports: ['websocket'], reconnection: false });
    client = socket;
    const beats: Heartbeat[] = [];
    socket.on('heartbeat', (beat: Heartbeat) => beats.push(beat));
    const call = (event: string, ...args: unknown[]): Promise<KumaAnswer> =>
      socket.timeout(30_000).emitWithAck(event, ...args) as Promise<KumaAnswer>;
    const password = 'doxy-test-1234';
    await expectOk(call('setup', 'admin', password), 'setup');
    await expectOk(call('login', { username: 'admin', password, token: '' }), 'login');
    return { output, heartbeats: () => beats, call, stop };
  } catch (error) {
    await stop();
    throw new Error(`Uptime Kuma did not start: ${(error as Error).message}\n${output().slice(-3000)}`);
  }
}

async function listening(output: () => string, gone: () => boolean): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    if (/Listening on 127\.0\.0\.1:\d+/.test(output())) return;
    if (gone()) throw new Error('it exited');
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no "Listening on" in 60 s');
}

async function expectOk(answer: Promise<KumaAnswer>, what: string): Promise<KumaAnswer> {
  const a = await answer;
  if (!a.ok) throw new Error(`${what}: ${a.msg ?? JSON.stringify(a)}`);
  return a;
}

/** A docker host as Kuma's dialog saves it: `socket` with a path, or `tcp` with tcp://HOST:PORT. Returns its id. */
export async function addDockerHost(
  kuma: UptimeKuma,
  name: string,
  dockerType: 'socket' | 'tcp',
  dockerDaemon: string,
): Promise<number> {
  const a = await expectOk(kuma.call('addDockerHost', { name, dockerType, dockerDaemon }, null), 'addDockerHost');
  return a.id ?? -1;
}

/** A monitor of type docker on `container` of docker host `host`, checked every 20 s (Kuma's least), no retries. */
export async function addDockerMonitor(kuma: UptimeKuma, container: string, host: number): Promise<number> {
  const monitor = {
    type: 'docker',
    name: `docker ${container}`,
    docker_container: container,
    docker_host: host,
    interval: 20,
    retryInterval: 20,
    resendInterval: 0,
    maxretries: 0,
    accepted_statuscodes: ['200-299'],
    notificationIDList: {},
    kafkaProducerBrokers: [],
    kafkaProducerSaslOptions: {},
  };
  const a = await expectOk(kuma.call('add', monitor), 'add');
  return a.monitorID ?? -1;
}
