// Runs Debian's real Prometheus with docker_sd_configs pointed at a doxy socket, on loopback, with its own storage.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../admin.ts';
import { sleep } from '../dockerd.ts';
import { captureOutput, terminate } from './agent-process.ts';

export interface Target {
  readonly discoveredLabels: Record<string, string>;
}

export interface Prometheus {
  readonly pid: number;
  readonly url: string;
  /** Every target of the docker_sd job, active or dropped (`/api/v1/targets?state=any`). */
  targets(): Promise<Target[]>;
  /** Polls until a target for container `name` shows up; returns its discovered labels. */
  targetOf(name: string, timeoutMs?: number): Promise<Record<string, string>>;
  output(): string;
  /** SIGTERM by pid, SIGKILL after 10 s; removes its config and storage. */
  stop(): Promise<void>;
}

function getJson(url: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { timeout: 5000 }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => {
        text += d.toString();
      });
      res.on('end', () => {
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          /* /-/ready answers plain text */
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url}: no answer within 5 s`)));
    req.on('error', reject);
    req.end();
  });
}

export async function startPrometheus(dockerSocket: string, refreshSeconds = 1): Promise<Prometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'doxy-prometheus-'));
  const config = join(dir, 'prometheus.yml');
  // A long scrape interval: the test is about discovery, not scraping containers that have no network.
  writeFileSync(
    config,
    [
      'global:',
      '  scrape_interval: 1h',
      'scrape_configs:',
      '  - job_name: docker',
      '    docker_sd_configs:',
      `      - host: unix://${dockerSocket}`,
      `        refresh_interval: ${refreshSeconds}s`,
      // Containers without a network all get the address ":80"; Prometheus keeps one target per label set, so name them apart.
      '    relabel_configs:',
      '      - source_labels: [__meta_docker_container_name]',
      '        target_label: container',
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    'prometheus',
    [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output = captureOutput(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pid = child.pid ?? -1;
  const stop = async (): Promise<void> => {
    await terminate(child, exited);
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) break;
    const ready = await getJson(`${url}/-/ready`).catch(() => null);
    if (ready?.status === 200) break;
    await sleep(100);
  }
  if ((await getJson(`${url}/-/ready`).catch(() => null))?.status !== 200) {
    await stop();
    throw new Error(`prometheus did not become ready on ${url}:\n${output().slice(-3000)}`);
  }
  const targets = async (): Promise<Target[]> => {
    const { body } = await getJson(`${url}/api/v1/targets?state=any`);
    const data = (body as { data?: { activeTargets?: Target[]; droppedTargets?: Target[] } }).data;
    return [...(data?.activeTargets ?? []), ...(data?.droppedTargets ?? [])];
  };
  // Discovery results reach the targets list at most every 5 s (Prometheus's own throttle), whatever the refresh interval.
  const targetOf = async (name: string, timeoutMs = 20_000): Promise<Record<string, string>> => {
    let seen: Target[] = [];
    for (const end = Date.now() + timeoutMs; Date.now() < end; await sleep(250)) {
      seen = await targets();
      const found = seen.find((t) => t.discoveredLabels.__meta_docker_container_name === `/${name}`);
      if (found) return found.discoveredLabels;
    }
    throw new Error(
      `no target for ${name} within ${timeoutMs} ms; targets: ${JSON.stringify(seen.map((t) => t.discoveredLabels.__meta_docker_container_name))}\nprometheus:\n${output().slice(-2000)}`,
    );
  };
  return { pid, url, stop, targets, targetOf, output };
}
