// Reads the tester's text: one request a line, `METHOD /path` or just `/path` (GET); blank lines and `#` comments skipped.
import type { CheckRequest } from '../../../shared/protocol/check.ts';

export function parseTestLines(text: string): CheckRequest[] {
  return text.split(/\r?\n/).flatMap((raw): CheckRequest[] => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return [];
    const space = line.search(/\s/);
    // A line without a space is a path for GET, unless it is a lone word such as "POST" (then the path is missing).
    if (space === -1) return line.startsWith('/') ? [{ method: 'GET', path: line }] : [{ method: line, path: '' }];
    return [{ method: line.slice(0, space), path: line.slice(space).trim() }];
  });
}
