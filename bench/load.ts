// Closed-loop load: N keep-alive connections each send the next request as soon as the last answer is whole.
// Bounded in time and in count; latencies are kept in nanoseconds (process.hrtime), every one of them.
import { Connection } from './http-client.ts';

/** How long past its duration a run may wait for the answers still due. */
const GRACE_MS = 10_000;

export interface LoadOptions {
  readonly socket: string;
  readonly request: Buffer;
  readonly connections: number;
  readonly durationMs: number;
  /** A hard cap on requests, whatever the duration. */
  readonly maxRequests: number;
  /** The status every answer must have; anything else counts as a failure. */
  readonly expectStatus: number;
}

export interface LoadResult {
  readonly requests: number;
  readonly failures: number;
  readonly seconds: number;
  readonly perSecond: number;
  /** Sorted, in milliseconds. */
  readonly latencyMs: Float64Array;
}

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const conns = await Promise.all(Array.from({ length: o.connections }, () => Connection.open(o.socket)));
  const latencies = new Float64Array(o.maxRequests);
  let issued = 0;
  let done = 0;
  let failures = 0;
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(o.durationMs) * 1_000_000n;

  const loop = async (c: Connection): Promise<void> => {
    while (issued < o.maxRequests) {
      const t0 = process.hrtime.bigint();
      if (t0 >= deadline) return;
      issued++;
      try {
        const r = await c.request(o.request);
        if (r.status !== o.expectStatus) failures++;
      } catch {
        failures++;
        return;
      }
      latencies[done++] = Number(process.hrtime.bigint() - t0) / 1e6;
    }
  };
  // A request that never gets its answer would hold the run forever: past the grace, every connection is cut.
  const watchdog = setTimeout(() => {
    for (const c of conns) c.close();
  }, o.durationMs + GRACE_MS);
  await Promise.all(conns.map(loop));
  clearTimeout(watchdog);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  for (const c of conns) c.close();
  const latencyMs = latencies.slice(0, done).sort();
  return { requests: done, failures, seconds, perSecond: done / seconds, latencyMs };
}
