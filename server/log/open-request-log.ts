// The request log of a run: in memory for the live view, and on disk next to the store for search and export.
import { createDurableLog, type DurableLog } from './durable-log.ts';
import { createRequestLog, type RequestLog } from './request-log.ts';

/** `<db file>.requests.jsonl`, rotated by size to .1 ... .4 (see durable-log.ts). */
export function requestLogFile(dbFile: string): string {
  return `${dbFile}.requests.jsonl`;
}

export async function openRequestLog(dbFile: string): Promise<{ log: RequestLog; history: DurableLog }> {
  const history = createDurableLog({ file: requestLogFile(dbFile) });
  // The live view starts empty at each run (older entries are found by search); ids go on from the last one written,
  // so that an id names one request across restarts.
  const last = (await history.search({ limit: 1 }))[0];
  const log = createRequestLog(1000, (last?.id ?? 0) + 1);
  log.subscribe((e) => history.append(e));
  return { log, history };
}
