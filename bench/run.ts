// `npm run bench [-- --quick] [-- --profile DIR] [-- --only ID,...]`: doxy and a bare node:http forwarder (issue 15's
// reference) against the direct Docker socket, in rounds that visit all three back to back; each proxy's figure is
// divided by the direct one of the same round. Prints a table with both proxies side by side, then the geometric means.
// `--profile-rows DIR` profiles each workload instead (bench/profile-rows.ts) and prints no table.
import { mkdirSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAdminDoxy, type AdminDoxy } from '../test/harness/admin.ts';
import { buildBundle, startDoxy } from '../test/harness/doxy.ts';
import { BENCH_PATTERN_FILE, BENCH_RULES } from './bench-rules.ts';
import { openDaemon } from './daemon.ts';
import { api } from './docker-api.ts';
import { formatDecideBench, runDecideBench } from './decide.ts';
import { prepareFixtures, type Fixtures } from './fixtures.ts';
import { startBare } from './bare-process.ts';
import { atRestText, idleRss } from './idle-rss.ts';
import { peakRssMiB } from './proc.ts';
import { profileRows, Sampler } from './profile-rows.ts';
import { startResponseBench } from './response-policy.ts';
import { formatTable, geomeanOf, summarize } from './report.ts';
import type { Context, CpuBook, Figure, Settings } from './workloads.ts';
import { workloads } from './workloads.ts';

interface Mode {
  readonly name: string;
  readonly rounds: number;
  /** Rounds that include the heavy workloads (each moves tens to hundreds of MB). */
  readonly heavyRounds: number;
  /** Rounds each workload is profiled for with --profile-rows (the figures are the table's business). */
  readonly profileRounds: number;
  /** How long the idle processes may take to come to rest (idle-rss.ts) before their RSS is read anyway. */
  readonly restCapMs: number;
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
  profileRounds: 2,
  restCapMs: 40_000,
  warmupMs: 300,
  bigImageBytes: 200 * MB,
  decide: { msPerCase: 300, checks: 3000 },
  settings: { loadMs: 1000, streamMinMs: 300, eventPairs: 10, execTrips: 50, execStreamBytes: 32 * MB },
};
const QUICK: Mode = {
  name: 'quick',
  rounds: 2,
  heavyRounds: 1,
  profileRounds: 1,
  restCapMs: 30_000,
  warmupMs: 100,
  bigImageBytes: 50 * MB,
  decide: { msPerCase: 100, checks: 500 },
  settings: { loadMs: 200, streamMinMs: 100, eventPairs: 5, execTrips: 50, execStreamBytes: 32 * MB },
};

interface Args {
  readonly mode: Mode;
  /** doxy and the bare forwarder write V8 CPU profiles here when they stop (see bench/profile-summary.ts). */
  readonly profileDir: string | null;
  /** One profile per workload and a summary of them here, instead of the table (bench/profile-rows.ts). */
  readonly profileRowsDir: string | null;
  /** Row ids: only the workloads with such a row run (for profiling one of them). */
  readonly only: readonly string[];
  /** Options for the node that runs doxy, e.g. V8's heap flags, to measure what they cost and gain. */
  readonly nodeArgs: readonly string[];
}

function parseArgs(argv: readonly string[]): Args {
  let mode = FULL;
  let profileDir: string | null = null;
  let profileRowsDir: string | null = null;
  let only: string[] = [];
  let nodeArgs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') mode = QUICK;
    else if (a === '--profile') profileDir = resolve(argv[++i] ?? '');
    else if (a === '--profile-rows') profileRowsDir = resolve(argv[++i] ?? '');
    else if (a === '--only') only = (argv[++i] ?? '').split(',').filter((x) => x !== '');
    else if (a === '--node-args') nodeArgs = (argv[++i] ?? '').split(' ').filter((x) => x !== '');
    else
      throw new Error(
        `bench: unknown argument "${a}" (use --quick, --profile DIR, --profile-rows DIR, --only ID[,ID], --node-args "--flag ...")`,
      );
  }
  if (profileDir !== null && profileRowsDir !== null)
    throw new Error('bench: --profile and --profile-rows exclude each other');
  return { mode, profileDir, profileRowsDir, only, nodeArgs };
}

function log(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

async function main(): Promise<void> {
  const { mode, profileDir, profileRowsDir, only, nodeArgs } = parseArgs(process.argv.slice(2));
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
    const decide = profileRowsDir ? null : runDecideBench(mode.decide.msPerCase, mode.decide.checks);
    if (decide) log(`decide() micro-benchmark done (${elapsed()})`);

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
    const rawProfiles = profileRowsDir ? join(profileRowsDir, 'raw') : null;
    const profiled = (name: string): NodeJS.ProcessEnv => {
      const env = { NODE_OPTIONS: `--import ${hook}`, BENCH_PROFILE_NAME: name };
      if (rawProfiles) return { ...env, BENCH_PROFILE_DIR: rawProfiles, BENCH_PROFILE_ON_SIGNAL: '1' };
      return profileDir ? { ...env, BENCH_PROFILE_DIR: profileDir } : {};
    };
    // Measured as users run it (`npm start`): the bundled server, without tsx and its loader thread, with its defaults
    // (the admin app on, so metrics and per-minute stats count each request, and the request log on).
    buildBundle();
    // A proxy-only doxy (`--admin-address none`), for its idle RSS only, stopped once that is read.
    const proxyOnly = profileRowsDir
      ? null
      : await startDoxy({ dockerSocket: socket, args: ['--pattern-file', patternFile], bundle: true, nodeArgs });
    if (proxyOnly) cleanups.push(() => proxyOnly.stop());
    const proxyOnlyReady = Date.now();
    const admin: AdminDoxy = await startAdminDoxy({
      dockerSocket: socket,
      args: ['--pattern-file', patternFile],
      env: profiled('doxy'),
      bundle: true,
      nodeArgs,
    });
    cleanups.push(() => admin.stop());
    const doxy = admin.doxy;
    const doxyPid = doxy.child.pid ?? -1;
    const doxyReady = Date.now();
    log(
      `doxy pid ${doxyPid} on ${doxy.socket}, admin app on port ${admin.port}, with ${BENCH_RULES.length} rules${nodeArgs.length > 0 ? `, node ${nodeArgs.join(' ')}` : ''}${profileDir ? `, profiling into ${profileDir}` : ''} (${elapsed()})`,
    );
    const bare = await startBare(dir, socket, profiled('bare'));
    cleanups.push(() => bare.stop());
    log(`bare forwarder pid ${bare.pid} on ${bare.socket} (${elapsed()})`);
    // Idle: started, nothing asked of them yet; all three read in parallel, 1 s after start and at rest.
    const idle = proxyOnly
      ? await Promise.all([
          idleRss(doxyPid, doxyReady, mode.restCapMs),
          idleRss(bare.pid, Date.now(), mode.restCapMs),
          idleRss(proxyOnly.child.pid ?? -1, proxyOnlyReady, mode.restCapMs),
        ])
      : null;
    if (proxyOnly) await proxyOnly.stop();
    if (idle) {
      const [d, b, p] = idle.map((r) => atRestText(r));
      log(`idle RSS at rest: doxy ${d}, bare ${b}, proxy-only doxy ${p} (${elapsed()})`);
    }

    // Redaction and scoping (issue 14): a second doxy, whose four sockets differ in those two settings only.
    mkdirSync(join(dir, 'response'));
    const response = await startResponseBench(socket, join(dir, 'response'), profiled('doxy-response'));
    cleanups.push(() => response.stop());
    log(`doxy for redaction and scoping rows started (${elapsed()})`);

    const cpu: CpuBook = {
      all: { seconds: 0, requests: 0 },
      forwarded: { seconds: 0, requests: 0 },
      denied: { seconds: 0, requests: 0 },
    };
    const ctx: Context = {
      sockets: { direct: socket, doxy: doxy.socket, bare: bare.socket },
      pids: { doxy: doxyPid, bare: bare.pid },
      fixtures,
      settings: mode.settings,
      cpu,
    };
    const list = [...workloads(fixtures), ...response.workloads].filter(
      (w) => only.length === 0 || w.rows.some((r) => only.includes(r.id)),
    );

    // Warm-up: JIT, daemon caches and doxy's keep-alive pool, on both sides; nothing is kept.
    const warm: Context = {
      ...ctx,
      settings: { ...mode.settings, loadMs: mode.warmupMs, eventPairs: 2, execTrips: 5 },
      cpu: structuredClone(cpu),
    };
    for (const w of list) if (!w.heavy) await w.measure(warm, 0);
    log(`warmed up (${elapsed()})`);

    if (profileRowsDir && rawProfiles) {
      const main = { sampler: new Sampler(rawProfiles, 'doxy', doxyPid), label: 'the bench doxy (admin app on)' };
      const second = {
        sampler: new Sampler(rawProfiles, 'doxy-response', response.pid),
        label: 'the second doxy of the redaction, scoping and body policy rows (bench/response-policy.ts)',
      };
      const file = await profileRows({
        dir: profileRowsDir,
        list,
        ctx,
        rounds: (w) => (w.heavy ? Math.min(mode.profileRounds, mode.heavyRounds) : mode.profileRounds),
        doxyOf: (w) => (response.workloads.includes(w) ? second : main),
        bare: new Sampler(rawProfiles, 'bare', bare.pid),
        header: [
          `# Where doxy and the bare forwarder spend their CPU, per workload`,
          '',
          `\`npm run bench -- --profile-rows ${profileRowsDir}${mode === QUICK ? ' --quick' : ''}${only.length > 0 ? ` --only ${only.join(',')}` : ''}\`, ${new Date().toISOString()}, node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}.`,
          `Each workload ran ${mode.profileRounds} round(s) (heavy ones ${Math.min(mode.profileRounds, mode.heavyRounds)}) after the warm-up, with the inspector's sampler on in doxy and the bare forwarder (started after start-up and warm-up, stopped after the workload: <id>-doxy.cpuprofile, <id>-bare.cpuprofile beside this file).`,
          'The figures are measured while sampling, which costs the sampled processes CPU of its own: compare the two sides with each other; the table of a run without profiling gives the figures. Self time is the function or module itself; (program) is V8 and native code outside JS frames, (garbage collector) is GC on the main thread.',
        ].join('\n'),
        log,
      });
      process.stdout.write(`bench: profiles and their summary in ${file} (run time ${elapsed()})\n`);
      return;
    }
    // Both are measured whenever there is no --profile-rows.
    if (idle === null || decide === null) throw new Error('bench: idle RSS or decide() not measured');

    const rounds = new Map<string, Figure[]>();
    for (let r = 0; r < mode.rounds; r++) {
      for (const w of list) {
        if (w.heavy && r >= mode.heavyRounds) continue;
        for (const [id, figure] of await w.measure(ctx, r)) rounds.set(id, [...(rounds.get(id) ?? []), figure]);
      }
      log(`round ${r + 1}/${mode.rounds} done (${elapsed()})`);
    }
    const peak = { doxy: peakRssMiB(doxyPid), bare: peakRssMiB(bare.pid) };
    const summaries = list.flatMap((w) => w.rows).map((row) => summarize(row, rounds.get(row.id) ?? []));

    const perRequest = (a: { seconds: number; requests: number }): string =>
      a.requests > 0 ? `${((a.seconds / a.requests) * 1e6).toFixed(1)} µs` : 'n/a';
    const failures = summaries.reduce((n, s) => n + s.failures, 0);
    const geo = geomeanOf(summaries);
    const mib = (v: number): string => `${v.toFixed(1)} MiB`;
    const out = [
      `doxy bench (${mode.name}): ${mode.rounds} rounds (${mode.heavyRounds} for export, logs and exec stream), node ${process.version} (doxy: node ${[...nodeArgs, 'dist/server/main.js'].join(' ')}, admin app on), ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}; ratio is proxy/direct for throughput, direct/proxy for latency; spread is min-max over rounds; bare is a node:http forwarder (http.request + pipe, keep-alive agent); CPU is the proxy process's, per request or per MB`,
      '',
      formatTable(summaries),
      '',
      `failed requests, all workloads: ${failures}${failures === 0 ? '' : '  (target: 0)'}`,
      `peak RSS (VmHWM): doxy ${mib(peak.doxy)} (target <= 100: ${peak.doxy <= 100 ? 'yes' : 'NO'}), bare ${mib(peak.bare)}`,
      `idle RSS 1 s after start: doxy ${mib(idle[0].afterStart)}, bare ${mib(idle[1].afterStart)}`,
      `idle RSS at rest (after V8's memory reducer; the idle target is judged on this one): doxy ${atRestText(idle[0])} (target <= 60: ${idle[0].atRest <= 60 ? 'yes' : 'NO'}), bare ${atRestText(idle[1])}`,
      `idle RSS of a proxy-only doxy (--admin-address none): 1 s after start ${mib(idle[2].afterStart)}, at rest ${atRestText(idle[2])} (target <= 60, at rest: ${idle[2].atRest <= 60 ? 'yes' : 'NO'})`,
      `doxy CPU per request: forwarded /_ping ${perRequest(cpu.forwarded)}, denied ${perRequest(cpu.denied)}, all ${cpu.all.requests} request-rate requests ${perRequest(cpu.all)}`,
      '',
      formatDecideBench(decide),
      '',
      `run time ${elapsed()}`,
      `geometric mean of ${geo.rows} ratios (rows marked *): doxy ${geo.doxy.toFixed(3)}, bare ${geo.bare.toFixed(3)} (doxy >= bare: ${geo.doxy >= geo.bare ? 'yes' : 'NO'}; target >= 0.75: ${geo.doxy >= 0.75 ? 'yes' : 'NO'})`,
    ];
    process.stdout.write(`${out.join('\n')}\n`);
    if (failures > 0) process.exitCode = 1;
  } finally {
    await cleanup();
  }
}

await main();
