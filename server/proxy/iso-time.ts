// The ISO time of a log entry, made once per millisecond: at thousands of requests a second many share one. A new
// millisecond only appends its digits to the second's text (Date#toISOString once a second, not once a request).
let lastMs = -1;
let lastIso = '';
let lastSecond = -1;
/** "YYYY-MM-DDTHH:MM:SS." of lastSecond. */
let secondText = '';

export function isoTime(ms = Date.now()): string {
  if (ms === lastMs) return lastIso;
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    secondText = new Date(second * 1000).toISOString().slice(0, 20);
  }
  const milli = ms - second * 1000;
  lastMs = ms;
  lastIso = `${secondText}${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
  return lastIso;
}
