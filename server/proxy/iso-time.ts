// The ISO time of a log entry, made once per millisecond: at thousands of requests a second many share one.
let lastMs = 0;
let lastIso = new Date(0).toISOString();

export function isoTime(ms = Date.now()): string {
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}
