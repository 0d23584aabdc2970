// `npm run bench [-- --quick] [-- --profile DIR]`: doxy against the direct Docker socket, in rounds that visit both
// back to back; each doxy figure is divided by the direct one of the same round. Prints a table, then the geometric mean.
import { mkdirSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBundle, startDoxy, type DoxyProcess } from '../test/harness/doxy.ts';
import { BENCH_PATTERN_FILE, BENCH_RULES } from './bench-rules.ts';
import { openDaemon } from './daemon.ts';
import { api } from './docker-api.ts';
import { formatDecideBench, runDecideBench } from './decide.ts';
import { prepareFixtures, type Fixtures } from './fixtures.ts';
import { peakRssMiB } from './proc.ts';
import { startResponseBench } from './response-policy.ts';
import { formatTable, geomeanOf, summarize } from './report.ts';
import type { Context, CpuBook, Figure, Settings } from './workloads.ts';
import { workloads } from './workloads.ts';

interface Mode {
  readonly name: string;
  readonly rounds: number;
  /** Rounds that include the heavy workloads (each moves tens to hundreds of MB). */
  readonly heavyRounds: number;
  readonly warmupMs: number;
  readonly bigImageBytes: number;
  readonly decide: { readonly msPerCase: number; readonly checks: number };
  readonly settings: Settings;
}

const MB = 1024 * 1024;
const FULL: Mode = {
  name: 'full',
  rounds: 5,
  heavyRounds: 5,
  warmupMs: 300,
  bigImageBytes: 200 * MB,
  decide: { msPerCase: 300, checks: 3000 },
  settings: { loadMs: 1000, streamMinMs: 300, eventPairs: 10, execTrips: 50, execStreamBytes: 32 * MB },
};
const QUICK: Mode = {
  name: 'quick',
  rounds: 2,
  heavyRounds: 1,
  warmupMs: 100,
  bigImageBytes: 50 * MB,
  decide: { msPerCase: 100, checks: 500 },
  settings: { loadMs: 200, streamMinMs: 100, eventPairs: 5, execTrips: 50, execStreamBytes: 32 * MB },
};

interface Args {
  readonly mode: Mode;
  /** doxy writes a V8 CPU profile here when it stops (summarize it with bench/profile-summary.ts). */
  readonly profileDir: string | null;
  /** Row ids: only the workloads with such a row run (for profiling one of them). */
  readonly only: readonly string[];
}

function parseArgs(argv: readonly string[]): Args {
  let mode = FULL;
  let profileDir: string | null = null;
  let only: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') mode = QUICK;
    else if (a === '--profile') profileDir = resolve(argv[++i] ?? '');
    else if (a === '--only') only = (argv[++i] ?? '').split(',').filter((x) => x !== '');
    else throw new Error(`bench: unknown argument "${a}" (use --quick, --profile DIR, --only ID[,ID])`);
  }
  return { mode, profileDir, only };
}

function log(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

async function main(): Promise<void> {
  const { mode, profileDir, only } = parseArgs(process.argv.slice(2));
  const t0 = Date.now();
  const elapsed = (): string => `${((Date.now() - t0) / 1000).toFixed(0)} s`;
  const cleanups: (() => Promise<unknown>)[] = [];
  const cleanup = async (): Promise<void> => {
    for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
  };
  process.once('SIGINT', () => {
    void cleanup().then(() => process.exit(130));
  });
  try {
    // First, while nothing else runs on the machine and the heap is small.
    const decide = runDecideBench(mode.decide.msPerCase, mode.decide.checks);
    log(`decide() micro-benchmark done (${elapsed()})`);

    const { socket, dockerd } = await openDaemon();
    if (dockerd) cleanups.push(() => dockerd.stop());
    log(`${dockerd ? `private dockerd pid ${dockerd.pid}` : 'DOCKER_HOST'} on ${socket} (${elapsed()})`);

    const fixtures: Fixtures = await prepareFixtures(socket, 48, mode.bigImageBytes);
    // `sleep` as PID 1 ignores SIGTERM: killing it now spares the daemon's shutdown timeout at the end.
    cleanups.push(() => api(socket, 'POST', `/containers/${fixtures.execContainer}/kill`));
    if (!dockerd) cleanups.push(() => fixtures.remove());
    log(
      `fixtures ready: ${fixtures.containers} containers, images ${fixtures.images.map((i) => i.name).join(', ')} (${elapsed()})`,
    );

    const dir = mkdtempSync(join(tmpdir(), 'doxy-bench-run-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const patternFile = join(dir, 'bench.pattern');
    writeFileSync(patternFile, BENCH_PATTERN_FILE);
    const hook = join(dirname(fileURLToPath(import.meta.url)), 'cpu-profile.mjs');
    const env = profileDir ? { NODE_OPTIONS: `--import ${hook}`, BENCH_PROFILE_DIR: profileDir } : {};
    // Measured as users run it (`npm start`): the bundled server, without tsx and its loader thread.
    buildBundle();
    const doxy: DoxyProcess = await startDoxy({
      dockerSocket: socket,
      args: ['--pattern-file', patternFile],
      env,
      bundle: true,
    });
    cleanups.push(() => doxy.stop());
    const doxyPid = doxy.child.pid ?? -1;
    log(
      `doxy pid ${doxyPid} on ${doxy.socket} with ${BENCH_RULES.length} rules${profileDir ? `, profiling into ${profileDir}` : ''} (${elapsed()})`,
    );

    // Redaction and scoping (issue 14): a second doxy, whose four sockets differ in those two settings only.
    mkdirSync(join(dir, 'response'));
    const response = await startResponseBench(socket, join(dir, 'response'));
    cleanups.push(() => response.stop());
    log(`doxy for redaction and scoping rows started (${elapsed()})`);

    const cpu: CpuBook = {
      all: { seconds: 0, requests: 0 },
      forwarded: { seconds: 0, requests: 0 },
      denied: { seconds: 0, requests: 0 },
    };
    const ctx: Context = { direct: socket, doxy: doxy.socket, doxyPid, fixtures, settings: mode.settings, cpu };
    const list = [...workloads(fixtures), ...response.workloads].filter(
      (w) => only.length === 0 || w.rows.some((r) => only.includes(r.id)),
    );

    // Warm-up: JIT, daemon caches and doxy's keep-alive pool, on both sides; nothing is kept.
    const warm: Context = {
      ...ctx,
      settings: { ...mode.settings, loadMs: mode.warmupMs, eventPairs: 2, execTrips: 5 },
      cpu: structuredClone(cpu),
    };
    for (const w of list) if (!w.heavy) await w.measure(warm, false);
    log(`warmed up (${elapsed()})`);

    const rounds = new Map<string, Figure[]>();
    for (let r = 0; r < mode.rounds; r++) {
      for (const w of list) {
        if (w.heavy && r >= mode.heavyRounds) continue;
        for (const [id, figure] of await w.measure(ctx, r % 2 === 1))
          rounds.set(id, [...(rounds.get(id) ?? []), figure]);
      }
      log(`round ${r + 1}/${mode.rounds} done (${elapsed()})`);
    }
    const rss = peakRssMiB(doxyPid);
    const summaries = list.flatMap((w) => w.rows).map((row) => summarize(row, rounds.get(row.id) ?? []));

    const perRequest = (a: { seconds: number; requests: number }): string =>
      a.requests > 0 ? `${((a.seconds / a.requests) * 1e6).toFixed(1)} µs` : 'n/a';
    const failures = summaries.reduce((n, s) => n + s.failures, 0);
    const geo = geomeanOf(summaries);
    const out = [
      `doxy bench (${mode.name}): ${mode.rounds} rounds (${mode.heavyRounds} for export, logs and exec stream), node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}; ratio is doxy/direct for throughput, direct/doxy for latency; spread is min-max over rounds`,
      '',
      formatTable(summaries),
      '',
      `failed requests, all workloads: ${failures}${failures === 0 ? '' : '  (target: 0)'}`,
      `doxy peak RSS (VmHWM): ${rss.toFixed(1)} MiB (target <= 100: ${rss <= 100 ? 'yes' : 'NO'})`,
      `doxy CPU per request: forwarded /_ping ${perRequest(cpu.forwarded)}, denied ${perRequest(cpu.denied)}, all ${cpu.all.requests} request-rate requests ${perRequest(cpu.all)}`,
      '',
      formatDecideBench(decide),
      '',
      `run time ${elapsed()}`,
      `geometric mean of ${geo.rows} ratios (rows marked *): ${geo.value.toFixed(3)} (target >= 0.75: ${geo.value >= 0.75 ? 'yes' : 'NO'})`,
    ];
    process.stdout.write(`${out.join('\n')}\n`);
    if (failures > 0) process.exitCode = 1;
  } finally {
    await cleanup();
  }
}

await main();
