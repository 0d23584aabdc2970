// `tsx bench/layers.ts`: what each layer of doxy's forwarding stack costs per GET /_ping, each layer alone in its own
// process (bench/layer-server.ts), next to the direct socket in the same round; then in-process costs per request.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequestLog } from '../server/log/request-log.ts';
import { compileRuleSet } from '../shared/rules/compile.ts';
import { decide, explain } from '../shared/rules/decide.ts';
import { nsPerCall } from './decide.ts';
import { BENCH_RULES } from './bench-rules.ts';
import { openDaemon } from './daemon.ts';
import { requestBytes } from './http-client.ts';
import { VARIANTS } from './layer-server.ts';
import { runLoad, type LoadResult } from './load.ts';
import { cpuSeconds } from './proc.ts';
import { median, quantile } from './stats.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const PING = requestBytes('GET', '/v1.41/_ping');

function startLayer(variant: string, listen: string, docker: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(HERE, 'layer-server.ts'), variant, listen, docker], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${variant} did not start`));
    }, 20_000);
    child.stdout?.once('data', () => {
      clearTimeout(timer);
      resolve(child);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${variant} exited with ${code}`));
    });
  });
}

async function measured(
  socket: string,
  pid: number | null,
  connections: number,
  ms: number,
): Promise<{ r: LoadResult; cpuUs: number }> {
  const before = pid === null ? 0 : cpuSeconds(pid);
  const r = await runLoad({
    socket,
    request: PING,
    connections,
    durationMs: ms,
    maxRequests: 1_000_000,
    expectStatus: 200,
  });
  return { r, cpuUs: pid === null ? NaN : ((cpuSeconds(pid) - before) / r.requests) * 1e6 };
}

async function main(): Promise<void> {
  const ms = Number(process.argv[2] ?? '1000');
  const rounds = 3;
  const { socket, dockerd } = await openDaemon();
  const dir = mkdtempSync(join(tmpdir(), 'doxy-layers-'));
  const lines = [
    'layer (own process)        c1 req/s  c1 ratio  c1 p50 ms  c1 CPU µs/req  c10 req/s  c10 ratio  c10 CPU µs/req',
  ];
  try {
    for (const variant of VARIANTS) {
      const listen = join(dir, `${variant}.sock`);
      const child = await startLayer(variant, listen, socket);
      const pid = child.pid ?? null;
      const rows: { c: number; rps: number; ratio: number; p50: number; cpu: number }[] = [];
      for (let r = 0; r < rounds; r++) {
        for (const c of [1, 10]) {
          const direct = await measured(socket, null, c, ms);
          const layer = await measured(listen, pid, c, ms);
          rows.push({
            c,
            rps: layer.r.perSecond,
            ratio: layer.r.perSecond / direct.r.perSecond,
            p50: quantile(layer.r.latencyMs, 0.5),
            cpu: layer.cpuUs,
          });
        }
      }
      child.kill('SIGTERM');
      const m = (c: number, f: (x: (typeof rows)[number]) => number): number =>
        median(rows.filter((x) => x.c === c).map(f));
      lines.push(
        [
          variant.padEnd(25),
          m(1, (x) => x.rps)
            .toFixed(0)
            .padStart(9),
          m(1, (x) => x.ratio)
            .toFixed(2)
            .padStart(9),
          m(1, (x) => x.p50)
            .toFixed(3)
            .padStart(10),
          m(1, (x) => x.cpu)
            .toFixed(0)
            .padStart(14),
          m(10, (x) => x.rps)
            .toFixed(0)
            .padStart(10),
          m(10, (x) => x.ratio)
            .toFixed(2)
            .padStart(10),
          m(10, (x) => x.cpu)
            .toFixed(0)
            .padStart(15),
        ].join(' '),
      );
      process.stderr.write(`layers: ${variant} done\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await dockerd?.stop();
  }

  const compiled = compileRuleSet(BENCH_RULES);
  if (!compiled.ok) throw new Error('bench rules do not compile');
  const log = createRequestLog();
  const ping = { method: 'GET', target: '/v1.41/_ping' };
  const denied = decide({ method: 'GET', target: '/v1.41/secrets' }, compiled.value);
  const entry = {
    id: 0,
    time: new Date().toISOString(),
    method: 'GET',
    path: '/v1.41/_ping',
    verdict: 'allow' as const,
    ruleId: 'ping',
    reason: '',
    kind: 'http' as const,
    status: 200,
    bytes: 2,
    durationMs: 0.1,
  };
  const costs: [string, number][] = [
    ['new Date().toISOString()', nsPerCall(200, () => new Date().toISOString())],
    ['performance.now()', nsPerCall(200, () => performance.now())],
    ['decide() of a repeated request', nsPerCall(200, () => decide(ping, compiled.value))],
    ['explain() of a denial', nsPerCall(200, () => explain(denied))],
    ['request log record() (ring, no subscriber)', nsPerCall(200, () => log.record({ ...entry }))],
  ];
  lines.push(
    '',
    'in-process cost per request                  ns',
    ...costs.map(([name, v]) => `${name.padEnd(44)}${v.toFixed(0).padStart(6)}`),
  );
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
