// The type checker and the linter (including shared/'s purity boundary) pass on the whole tree.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { REPO } from '../harness/doxy.ts';

function run(cmd: string, args: string[]): { code: number | null; out: string } {
  const r = spawnSync(cmd, args, { cwd: REPO, encoding: 'utf8', timeout: 180_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('static checks', () => {
  it('tsc --noEmit reports no type errors', () => {
    const r = run('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
    assert.equal(r.code, 0, r.out);
  });
  it('eslint reports no problems (shared/ imports nothing impure)', () => {
    const r = run('npx', ['eslint', '--max-warnings', '0', '.']);
    assert.equal(r.code, 0, r.out);
  });
});
