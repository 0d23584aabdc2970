// Requests counted per label set between scrapes, handed to prom-client when it collects: its inc() builds a label
// hash string and checks every label on each call, which is more than a request should pay for a count.
import type { Counter } from 'prom-client';

type Labels = { socket: string; verdict: string; method: string; status: string };

interface Row {
  readonly labels: Labels;
  n: number;
}

export class RequestTally {
  /** socket -> verdict -> method -> status -> row: found without building a key. */
  private readonly rows = new Map<string, Map<string, Map<string, Map<number, Row>>>>();

  add(socket: string, verdict: string, method: string, status: number): void {
    let byVerdict = this.rows.get(socket);
    if (!byVerdict) {
      byVerdict = new Map();
      this.rows.set(socket, byVerdict);
    }
    let byMethod = byVerdict.get(verdict);
    if (!byMethod) {
      byMethod = new Map();
      byVerdict.set(verdict, byMethod);
    }
    let byStatus = byMethod.get(method);
    if (!byStatus) {
      byStatus = new Map();
      byMethod.set(method, byStatus);
    }
    const row = byStatus.get(status);
    if (row) row.n++;
    else byStatus.set(status, { labels: { socket, verdict, method, status: String(status) }, n: 1 });
  }

  /** Adds what was counted since the last drain to `counter`. */
  drain(counter: Counter<keyof Labels>): void {
    for (const byVerdict of this.rows.values()) {
      for (const byMethod of byVerdict.values()) {
        for (const byStatus of byMethod.values()) {
          for (const row of byStatus.values()) {
            if (row.n > 0) {
              counter.inc(row.labels, row.n);
              row.n = 0;
            }
          }
        }
      }
    }
  }
}
