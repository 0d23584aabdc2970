// Runs Debian's real Netdata 1.37 pieces that talk to Docker, as Netdata runs them and as its own user: the python.d
// plugin with the dockerd module (docker-py), and cgroup-name.sh, which names a container's cgroup (by `docker inspect`
// when the docker CLI is installed, as it is here).
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PLUGINS = '/usr/lib/netdata/plugins.d';

/** The uid and gid of the `netdata` user the package makes. */
export function netdataUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'netdata'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

export interface NetdataRun {
  readonly code: number | null;
  readonly stdout: string;
  /** stdout and stderr as they came. */
  readonly output: string;
}

/** Runs `file` as the netdata user (its group only, no supplementary ones) in a fresh directory it may use. */
function runAsNetdata(
  file: string,
  args: readonly string[],
  env: (dir: string) => NodeJS.ProcessEnv,
  until: (output: string) => boolean,
  timeoutMs = 60_000,
): Promise<NetdataRun> {
  const dir = mkdtempSync(join(tmpdir(), 'doxy-netdata-'));
  chmodSync(dir, 0o755);
  const { uid, gid } = netdataUser();
  return new Promise((resolve) => {
    const child = spawn(file, args, {
      uid,
      gid,
      cwd: dir,
      env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', HOME: dir, ...env(dir) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let stdout = '';
    const collect = (d: Buffer): void => {
      output += d.toString();
      if (until(output)) child.kill('SIGTERM');
    };
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      collect(d);
    });
    child.stderr.on('data', collect);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
      resolve({ code, stdout, output });
    });
  });
}

/** The `SET 'running_containers' = N` values python.d printed for the dockerd job, in order. */
export function runningContainers(output: string): number[] {
  return [...output.matchAll(/^SET 'running_containers' = (\d+)$/gm)].map((m) => Number(m[1]));
}

/**
 * python.d.plugin with only the dockerd module, its job's `url` on `socket`, until it has sent its first values (or
 * given up: it prints DISABLE when no job is left).
 */
export function runDockerdModule(socket: string): Promise<NetdataRun> {
  return runAsNetdata(
    join(PLUGINS, 'python.d.plugin'),
    ['1', 'dockerd', 'nolock'],
    (dir) => {
      mkdirSync(join(dir, 'conf', 'python.d'), { recursive: true });
      writeFileSync(join(dir, 'conf', 'python.d', 'dockerd.conf'), `local:\n  url: 'unix://${socket}'\n`);
      return {
        NETDATA_USER_CONFIG_DIR: join(dir, 'conf'),
        NETDATA_STOCK_CONFIG_DIR: '/usr/lib/netdata/conf.d',
        NETDATA_LIB_DIR: dir,
      };
    },
    (output) => runningContainers(output).length > 0 || /^DISABLE$/m.test(output),
  );
}

/** cgroup-name.sh for a docker container's cgroup, with DOCKER_HOST on `socket`: prints the name Netdata gives it. */
export function cgroupName(socket: string, containerId: string): Promise<NetdataRun> {
  return runAsNetdata(
    join(PLUGINS, 'cgroup-name.sh'),
    [`/docker/${containerId}`, `docker_${containerId}`],
    () => ({ DOCKER_HOST: `unix://${socket}` }),
    () => false,
  );
}
