// A node:test reporter that writes one JSON line per skipped suite or test, for test/run.ts's skip summary. Node's own
// summary counts a skipped describe() neither as a test nor as a skip, so "skipped 0" alone proves nothing.
// Plain JavaScript: node loads reporters before tsx's loader is in place.
import { relative } from 'node:path';
import process from 'node:process';

/**
 * @param {AsyncIterable<{ type: string, data: { name: string, nesting: number, file?: string,
 *   skip?: string | boolean, details?: { type?: string } } }>} source
 * @returns {AsyncGenerator<string>} one JSON line per skip: file, path (suite names down to it), kind, reason
 */
export default async function* skipReporter(source) {
  // The names of the suites and tests running at each nesting level, per file (files may interleave).
  const open = new Map();
  for await (const { type, data } of source) {
    const file = data.file === undefined ? '(unknown file)' : relative(process.cwd(), data.file);
    const stack = open.get(file) ?? [];
    open.set(file, stack);
    if (type === 'test:start') stack.splice(data.nesting, Infinity, data.name);
    if (type !== 'test:pass' || data.skip === undefined || data.skip === false) continue;
    const kind = data.details?.type === 'suite' ? 'suite' : 'test';
    const reason = data.skip === true ? '(no reason given)' : data.skip;
    yield `${JSON.stringify({ file, path: [...stack.slice(0, data.nesting), data.name], kind, reason })}\n`;
  }
}
