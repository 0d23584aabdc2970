// Runs Debian's real CrowdSec (1.4.6) with one docker acquisition, continuous mode, on a socket: its own config, database
// and ports on loopback, no Central API (-no-capi), the package's grok patterns and hub index, and no parsers or scenarios.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../admin.ts';
import { captureOutput, terminate } from './agent-process.ts';

export interface CrowdSec {
  /** Everything it printed so far (its log goes to stdout). */
  output(): string;
  /** Resolves with its exit code once it has exited (it exits by itself when its configuration fails). */
  readonly exited: Promise<number | null>;
  /** "Lines read" of `cscli metrics` for the docker source of `container`; null when cscli shows no such source. */
  linesRead(container: string): number | null;
  /** SIGTERM by pid, SIGKILL after 10 s; removes its directory. */
  stop(): Promise<void>;
}

function configYaml(dir: string, lapiPort: number, metricsPort: number): string {
  return `common:
  daemonize: false
  log_media: stdout
  log_level: info
  working_dir: .
config_paths:
  config_dir: ${dir}/
  data_dir: ${dir}/data/
  simulation_path: ${dir}/simulation.yaml
  hub_dir: /usr/share/crowdsec/hub/
  index_path: /usr/share/crowdsec/hub/.index.json
  notification_dir: ${dir}/notifications/
  plugin_dir: /usr/lib/crowdsec/plugins/
crowdsec_service:
  acquisition_path: ${dir}/acquis.yaml
  parser_routines: 1
db_config:
  log_level: warning
  type: sqlite
  use_wal: false
  db_path: ${dir}/data/crowdsec.db
api:
  client:
    credentials_path: ${dir}/local_api_credentials.yaml
  server:
    log_level: warning
    listen_uri: 127.0.0.1:${lapiPort}
    profiles_path: /etc/crowdsec/profiles.yaml
prometheus:
  enabled: true
  level: full
  listen_addr: 127.0.0.1
  listen_port: ${metricsPort}
`;
}

/** `crowdsec -no-capi` tailing the logs of `container` through `socket` (its docker data source's `docker_host`). */
export async function startCrowdSec(socket: string, container: string): Promise<CrowdSec> {
  const dir = mkdtempSync(join(tmpdir(), 'doxy-crowdsec-'));
  mkdirSync(join(dir, 'data'));
  symlinkSync('/etc/crowdsec/patterns', join(dir, 'patterns'));
  const config = join(dir, 'config.yaml');
  writeFileSync(config, configYaml(dir, await freePort(), await freePort()));
  writeFileSync(join(dir, 'simulation.yaml'), 'simulation: off\n');
  writeFileSync(
    join(dir, 'acquis.yaml'),
    `source: docker\nmode: tail\ndocker_host: unix://${socket}\ncontainer_name:\n  - ${container}\nlabels:\n  type: doxy-test\n`,
  );
  // The agent logs in to its local API with a machine account, as the package's install script makes one.
  execFileSync('cscli', ['-c', config, 'machines', 'add', '--auto', '-f', join(dir, 'local_api_credentials.yaml')], {
    stdio: 'ignore',
  });
  const child = spawn('crowdsec', ['-c', config, '-no-capi', '-info'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = captureOutput(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const linesRead = (name: string): number | null => {
    let table = '';
    try {
      table = execFileSync('cscli', ['-c', config, 'metrics'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch {
      return null; // its metrics endpoint is not up (yet, or any more)
    }
    const m = new RegExp(`\\|\\s*docker:${name.replace(/\./g, '\\.')}\\s*\\|\\s*(\\d+)\\s*\\|`).exec(table);
    return m ? Number(m[1]) : null;
  };
  return {
    output,
    exited,
    linesRead,
    stop: async () => {
      await terminate(child, exited);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
