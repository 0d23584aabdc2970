// A node:test reporter that writes one JSON line per test file with the wall time it took, for test/run.ts's list of
// the slowest files (CI has a time limit: trim where the time goes, not by guess). Files run one at a time, so a
// file's time runs from the previous file's last event to its own last one, start-up included.
// Plain JavaScript: node loads reporters before tsx's loader is in place.
import { relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';

/**
 * @param {AsyncIterable<{ type: string, data?: { file?: string } }>} source
 * @returns {AsyncGenerator<string>} one JSON line per file: file, ms
 */
export default async function* timeReporter(source) {
  let mark = performance.now();
  let current = null;
  for await (const { type, data } of source) {
    // Only what a running file reports: node also announces files it has queued, before they start.
    if ((type !== 'test:pass' && type !== 'test:fail') || data?.file === undefined) continue;
    const file = relative(process.cwd(), data.file);
    const now = performance.now();
    if (current !== null && file !== current.file) {
      yield `${JSON.stringify({ file: current.file, ms: Math.round(current.last - mark) })}\n`;
      mark = current.last;
    }
    current = { file, last: now };
  }
  if (current !== null) yield `${JSON.stringify({ file: current.file, ms: Math.round(current.last - mark) })}\n`;
}
