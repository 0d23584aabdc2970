// Runs Debian's real Glances (3.3, docker plugin on docker-py) against a socket for a few refreshes, reading its JSON output.
import { spawn } from 'node:child_process';

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

export interface GlancesOptions {
  /** One-second refreshes before Glances stops by itself. */
  readonly refreshes?: number;
  /** Stop Glances (SIGKILL) as soon as its output, stdout and stderr, satisfies this. */
  readonly until?: (output: string) => boolean;
  /** Only bounds a hang: Glances is killed after this long. */
  readonly timeoutMs?: number;
}

/** `glances --stdout-json docker` with DOCKER_HOST on `socket`, until it stops after its refreshes or `until` holds. */
export function runGlances(socket: string, options: GlancesOptions = {}): Promise<GlancesRun> {
  const { refreshes = 3, until, timeoutMs = 120_000 } = options;
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('DOCKER_')) env[k] = v;
  env.DOCKER_HOST = `unix://${socket}`;
  return new Promise((resolve) => {
    const child = spawn('glances', ['--stdout-json', 'docker', '--stop-after', String(refreshes), '-t', '1'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const check = (): void => {
      if (until?.(`${stdout}${stderr}`)) child.kill('SIGKILL');
    };
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      check();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      check();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const snapshots = stdout
        .split('\n')
        .filter((l) => l.startsWith('docker: '))
        .map((l) => JSON.parse(l.slice('docker: '.length)) as GlancesRun['snapshots'][number]);
      resolve({ code, output: `${stdout}${stderr}`, snapshots });
    });
  });
}
