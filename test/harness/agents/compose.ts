// Runs Debian's real docker-compose (1.29, docker-py) against a socket, with nothing from the machine's Docker setup.
import { execFile } from 'node:child_process';
import { dockerOk, type Run } from '../docker-cli.ts';

export interface ComposeProject {
  /** The directory holding docker-compose.yml. */
  readonly dir: string;
  readonly name: string;
}

/** `docker-compose -p NAME ARGS` in the project's directory, talking to `socket`; killed after `timeoutMs`. */
export function compose(
  socket: string,
  project: ComposeProject,
  args: readonly string[],
  timeoutMs = 45_000,
): Promise<Run> {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!k.startsWith('DOCKER_') && !k.startsWith('COMPOSE_')) env[k] = v;
  Object.assign(env, {
    DOCKER_HOST: `unix://${socket}`,
    DOCKER_CONFIG: '/nonexistent-doxy-test',
    // docker-py for everything: `exec` and `run` would otherwise hand over to the docker CLI.
    COMPOSE_INTERACTIVE_NO_CLI: '1',
    PYTHONUNBUFFERED: '1',
  });
  return new Promise((resolve) => {
    const child = execFile(
      'docker-compose',
      ['--ansi', 'never', '-p', project.name, ...args],
      { cwd: project.dir, env, timeout: timeoutMs, killSignal: 'SIGKILL', encoding: 'utf8' },
      (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr });
      },
    );
    child.stdin?.end();
  });
}

/** The project the tests run: one busybox service without a network that prints two lines, and a named volume. */
export function composeFile(image: string): string {
  return [
    'version: "2.4"',
    'services:',
    '  hello:',
    `    image: ${image}`,
    '    network_mode: none',
    // PID 1 ignores SIGTERM unless it traps it: without the trap every stop waits its 10 s grace period.
    '    command: ["sh", "-c", "trap \'exit 0\' TERM; echo first line from compose; echo second line from compose; sleep 300 & wait"]',
    '    volumes: ["data:/data"]',
    'volumes:',
    '  data: {}',
    '',
  ].join('\n');
}

/** `NAME STATE` of each container of a compose project, asked on the daemon's own socket. */
export async function projectContainers(daemon: string, project: string): Promise<string[]> {
  const out = await dockerOk(daemon, [
    'ps',
    '-a',
    '--filter',
    `label=com.docker.compose.project=${project}`,
    '--format',
    '{{.Names}} {{.State}}',
  ]);
  return out.split('\n').filter((l) => l !== '');
}
