// Nothing in the repo reads a file outside it: a user's clone has nothing beside it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { REPO } from '../harness/doxy.ts';

const SOURCE = /\.(ts|tsx|js|mjs|cjs)$/;
/** A relative path in a string literal; CLIMB_OUT: joining the parent folder onto the repo's root. */
const RELATIVE_LITERAL = /['"`](\.\.?\/[^'"`$\s]*)['"`]/g;
const CLIMB_OUT = /\b(?:join|resolve)\(\s*(REPO|ROOT|process\.cwd\(\))\s*,\s*['"]\.\.['"]/;

function trackedSources(): string[] {
  const out = execFileSync('git', ['ls-files'], { cwd: REPO, encoding: 'utf8' });
  return out.split('\n').filter((f) => SOURCE.test(f));
}

function escapes(file: string): string[] {
  const text = readFileSync(join(REPO, file), 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(RELATIVE_LITERAL)) {
    const literal = match[1] ?? '';
    const target = relative(REPO, resolve(join(REPO, dirname(file)), literal));
    if (target.startsWith('..')) found.push(`${file}: '${literal}' resolves outside the repo`);
  }
  text.split('\n').forEach((line, i) => {
    if (CLIMB_OUT.test(line)) found.push(`${file}:${i + 1}: climbs above the repo root: ${line.trim()}`);
  });
  return found;
}

describe('the repo is self-contained', () => {
  it('no tracked source names a path outside the repository', () => {
    const files = trackedSources();
    assert.ok(files.length > 100, `expected the tracked sources, got ${files.length}`);
    assert.deepEqual(files.flatMap(escapes), []);
  });
});
