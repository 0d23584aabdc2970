// The events workload: one /events stream through each proxy and one straight from the daemon, open together;
// each image tag/untag the bench makes is timed from the trigger to its line on every stream.
import { API, apiOk } from './docker-api.ts';
import { Connection, requestBytes } from './http-client.ts';
import { sleep, TEST_IMAGE } from '../test/harness/dockerd.ts';

export interface EventDelays {
  /** Trigger to arrival, in ms, one per event seen on every stream. */
  readonly directMs: number[];
  /** Per proxy, in the order given: trigger to arrival, and its arrival minus the direct one, in ms. */
  readonly proxies: { readonly ms: number[]; readonly addedMs: number[] }[];
  readonly failures: number;
}

interface Stream {
  readonly conn: Connection;
  /** Event lines in the order they arrived, with their arrival time. */
  readonly order: string[];
  readonly arrivals: Map<string, bigint>;
}

function subscribe(conn: Connection, notify: () => void): Stream {
  const stream: Stream = { conn, order: [], arrivals: new Map() };
  let partial = '';
  const filters = encodeURIComponent(JSON.stringify({ type: ['image'] }));
  conn
    .request(requestBytes('GET', `${API}/events?filters=${filters}`), {
      onData: (chunk) => {
        const now = process.hrtime.bigint();
        const lines = (partial + chunk.toString('utf8')).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines)
          if (line !== '') {
            stream.order.push(line);
            stream.arrivals.set(line, now);
          }
        notify();
      },
    })
    .catch(() => undefined);
  return stream;
}

/** Makes `count` tag + untag pairs through the direct socket and times their events on every stream. */
export async function eventDelays(direct: string, proxies: readonly string[], count: number): Promise<EventDelays> {
  let wake: (() => void) | null = null;
  const notify = (): void => wake?.();
  const until = (test: () => boolean, ms: number): Promise<boolean> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        wake = null;
        resolve(false);
      }, ms);
      wake = () => {
        if (test()) {
          clearTimeout(timer);
          wake = null;
          resolve(true);
        }
      };
      notify();
    });
  const d = subscribe(await Connection.open(direct), notify);
  const xs: Stream[] = [];
  for (const p of proxies) xs.push(subscribe(await Connection.open(p), notify));
  const result = {
    directMs: [] as number[],
    proxies: xs.map(() => ({ ms: [] as number[], addedMs: [] as number[] })),
    failures: 0,
  };
  // Give the daemon time to register both listeners before the first event.
  await sleep(50);
  const repo = `doxy-bench-events-${process.pid}`;
  for (let i = 0; i < count * 2; i++) {
    const before = d.order.length;
    const t0 = process.hrtime.bigint();
    if (i % 2 === 0) await apiOk(direct, 'POST', `/images/${TEST_IMAGE}/tag?repo=${repo}&tag=t${i}`);
    else await apiOk(direct, 'DELETE', `/images/${repo}:t${i - 1}?noprune=1`);
    const arrived = await until(() => {
      const k = d.order[before];
      return k !== undefined && xs.every((x) => x.arrivals.has(k));
    }, 3000);
    const key = d.order[before];
    const td = key === undefined ? undefined : d.arrivals.get(key);
    const txs = xs.map((x) => (key === undefined ? undefined : x.arrivals.get(key)));
    if (!arrived || key === undefined || td === undefined) {
      result.failures++;
      continue;
    }
    result.directMs.push(Number(td - t0) / 1e6);
    txs.forEach((tx, i) => {
      const p = result.proxies[i];
      if (tx === undefined || !p) return;
      p.ms.push(Number(tx - t0) / 1e6);
      p.addedMs.push(Number(tx - td) / 1e6);
    });
  }
  d.conn.close();
  for (const x of xs) x.conn.close();
  return result;
}
