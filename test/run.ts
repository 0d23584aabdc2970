// The test command: starts a private dockerd for the run, runs every suite with node:test, then stops dockerd by pid.
import { spawn } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { dockerdUnavailable, startDockerd, type Dockerd } from './harness/dockerd.ts';

const SUITES = ['unit', 'integration', 'security', 'api', 'browser'];
const ci = process.env.CI === 'true';

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

async function main(): Promise<number> {
  const files = testFiles(process.argv.slice(2));
  const env: NodeJS.ProcessEnv = { ...process.env };
  let dockerd: Dockerd | null = null;
  if (files.some((f) => !f.includes(`${join('test', 'unit')}`))) {
    const why = dockerdUnavailable();
    if (why !== null) {
      if (ci) {
        console.error(`test/run: CI=true but a private dockerd cannot run: ${why}`);
        return 1;
      }
      console.error(`test/run: integration suites will skip: ${why}`);
      env.DOXY_TEST_DOCKER_SKIP = why;
    } else {
      try {
        dockerd = await startDockerd();
        env.DOXY_TEST_DOCKER_SOCKET = dockerd.socket;
        console.error(`test/run: private dockerd pid ${dockerd.pid} on ${dockerd.socket}`);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (ci) {
          console.error(`test/run: CI=true and dockerd failed to start: ${message}`);
          return 1;
        }
        console.error(`test/run: integration suites will skip: ${message}`);
        env.DOXY_TEST_DOCKER_SKIP = message;
      }
    }
  }
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
  try {
    return await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
        stdio: 'inherit',
        env,
      });
      child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    });
  } finally {
    await stop();
  }
}

process.exitCode = await main();
