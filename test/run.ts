// The test command: starts a private dockerd for the run, builds the web app once when a browser suite runs, runs the
// suites with node:test, stops dockerd by pid, and ends with every skipped suite and test and why. Under CI=true any
// skip fails the run: it is the one place that rule lives.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dockerdUnavailable, startDockerd, type Dockerd } from './harness/dockerd.ts';
import { REPO, buildWeb } from './harness/doxy.ts';

const SUITES = ['unit', 'integration', 'security', 'api', 'browser'];
const ci = process.env.CI === 'true';
/**
 * Node 20's --test-timeout bounds each test file as a whole (the child processes do not get it), so this is per file:
 * well above the slowest file, far below CI's limit, so that a hang fails in minutes.
 */
const FILE_TIMEOUT_MS = 15 * 60_000;

function testFiles(args: string[]): string[] {
  if (args.length > 0) return args;
  return SUITES.flatMap((dir) => {
    const full = join('test', dir);
    if (!existsSync(full)) return [];
    return readdirSync(full)
      .filter((f) => f.endsWith('.test.ts'))
      .sort()
      .map((f) => join(full, f));
  });
}

/** Starts the private dockerd, or says why the suites that need one will skip. */
async function dockerdFor(env: NodeJS.ProcessEnv): Promise<Dockerd | null> {
  let why = dockerdUnavailable();
  if (why === null) {
    try {
      const dockerd = await startDockerd();
      env.DOXY_TEST_DOCKER_SOCKET = dockerd.socket;
      console.error(`test/run: private dockerd pid ${dockerd.pid} on ${dockerd.socket}`);
      return dockerd;
    } catch (error) {
      why = error instanceof Error ? error.message : String(error);
    }
  }
  console.error(`test/run: no private dockerd, the suites that need one will skip: ${why}`);
  env.DOXY_TEST_DOCKER_SKIP = why;
  return null;
}

/** One skipped suite or test, as test/harness/skip-reporter.mjs writes it. */
interface Skipped {
  readonly file: string;
  /** The suite names down to the skipped one, outermost first. */
  readonly path: readonly string[];
  readonly kind: 'suite' | 'test';
  readonly reason: string;
}

/** Prints every skip with its reason and the total; returns whether the run may pass. */
function reportSkips(file: string): boolean {
  if (!existsSync(file)) {
    console.log('\ntest/run: the skip reporter wrote nothing: which suites skipped is unknown');
    return false;
  }
  const skipped = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Skipped);
  const suites = skipped.filter((s) => s.kind === 'suite').length;
  console.log(`\ntest/run: ${skipped.length} skipped (${suites} suites, ${skipped.length - suites} tests)`);
  for (const s of skipped) console.log(`  ${s.kind} ${s.file}: ${s.path.join(' > ')}\n    why: ${s.reason}`);
  if (ci && skipped.length > 0) {
    console.log('test/run: CI=true and a suite or test was skipped: the run fails');
    return false;
  }
  return true;
}

/** Prints the slowest test files and the total, so that CI's time limit is kept by trimming where the time goes. */
function reportTimes(file: string): void {
  if (!existsSync(file)) return;
  const times = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as { file: string; ms: number })
    .sort((a, b) => b.ms - a.ms);
  const total = times.reduce((sum, t) => sum + t.ms, 0);
  console.log(`\ntest/run: ${times.length} files in ${(total / 1000).toFixed(0)} s; the slowest:`);
  for (const t of times.slice(0, 12)) console.log(`  ${(t.ms / 1000).toFixed(1).padStart(6)} s  ${t.file}`);
}

async function main(): Promise<number> {
  const files = testFiles(process.argv.slice(2));
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (files.some((f) => f.includes(join('test', 'browser')))) {
    // Once per run: each build empties web/dist, so building per file would pull it from under a running file.
    console.error('test/run: building the web app for the browser suites');
    buildWeb();
  }
  let dockerd = files.some((f) => !f.includes(join('test', 'unit'))) ? await dockerdFor(env) : null;
  const stop = async () => {
    if (dockerd) {
      const d = dockerd;
      dockerd = null;
      await d.stop();
    }
  };
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)
    process.on(signal, () => {
      void stop().then(() => process.exit(code));
    });
  const dir = mkdtempSync(join(tmpdir(), 'doxy-test-run-'));
  const skips = join(dir, 'skipped.jsonl');
  const times = join(dir, 'times.jsonl');
  try {
    const code = await new Promise<number>((resolve) => {
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          '--test',
          `--test-timeout=${FILE_TIMEOUT_MS}`,
          // One file at a time, whatever the machine: files share one dockerd, and some assert what it holds.
          '--test-concurrency=1',
          '--test-reporter=spec',
          '--test-reporter-destination=stdout',
          `--test-reporter=${join(REPO, 'test', 'harness', 'skip-reporter.mjs')}`,
          `--test-reporter-destination=${skips}`,
          `--test-reporter=${join(REPO, 'test', 'harness', 'time-reporter.mjs')}`,
          `--test-reporter-destination=${times}`,
          ...files,
        ],
        { stdio: 'inherit', env },
      );
      child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
    });
    reportTimes(times);
    return reportSkips(skips) ? code : code || 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await stop();
  }
}

process.exitCode = await main();
