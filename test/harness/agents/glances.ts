// Runs Debian's real Glances (3.3, docker plugin on docker-py) against a socket for a few refreshes, reading its JSON output.
import { execFile } from 'node:child_process';

export interface GlancesContainer {
  readonly name: string;
  readonly Image: readonly string[];
  readonly Status: string;
  readonly Command: readonly string[];
  readonly memory_usage?: number | null;
}

export interface GlancesRun {
  readonly code: number | null;
  readonly output: string;
  /** The docker plugin's view at each refresh (`docker: {...}` lines of --stdout-json). */
  readonly snapshots: readonly { containers?: readonly GlancesContainer[] }[];
}

/** `glances --stdout-json docker` with DOCKER_HOST on `socket`, stopped after `refreshes` one-second refreshes. */
export function runGlances(socket: string, refreshes = 3, timeoutMs = 45_000): Promise<GlancesRun> {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('DOCKER_')) env[k] = v;
  env.DOCKER_HOST = `unix://${socket}`;
  return new Promise((resolve) => {
    const child = execFile(
      'glances',
      ['--stdout-json', 'docker', '--stop-after', String(refreshes), '-t', '1'],
      { env, timeout: timeoutMs, killSignal: 'SIGKILL', encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const snapshots = stdout
          .split('\n')
          .filter((l) => l.startsWith('docker: '))
          .map((l) => JSON.parse(l.slice('docker: '.length)) as GlancesRun['snapshots'][number]);
        resolve({
          code: error === null ? 0 : typeof error.code === 'number' ? error.code : null,
          output: `${stdout}${stderr}`,
          snapshots,
        });
      },
    );
    child.stdin?.end();
  });
}
