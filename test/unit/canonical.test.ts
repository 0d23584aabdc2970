// canonicalize() against the case table, plus the properties every canonical form must keep.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalize, encodePath, MAX_TARGET_LENGTH } from '../../shared/rules/canonical.ts';
import { CANONICAL_CASES, type CanonicalCase } from '../cases/canonical-cases.ts';

/** A readable test name: long targets are cut, control and non-ASCII characters are shown escaped. */
function title(c: CanonicalCase): string {
  const target = c.target.length > 60 ? `${c.target.slice(0, 40)}...(${c.target.length} chars)` : c.target;
  const outcome = 'refuse' in c.expect ? `refused (${c.expect.refuse})` : `-> ${c.expect.target}`;
  return `${JSON.stringify(c.method)} ${JSON.stringify(target)} ${outcome}`;
}

describe('canonicalize', () => {
  for (const c of CANONICAL_CASES) {
    it(title(c), () => {
      const got = canonicalize(c.method, c.target);
      if ('refuse' in c.expect) {
        assert.equal(got.ok, false, `expected a refusal, got ${JSON.stringify(got)}`);
        if (got.ok) return;
        assert.ok(got.reason.includes(c.expect.refuse), `reason "${got.reason}" does not include "${c.expect.refuse}"`);
      } else {
        assert.deepEqual(got, { ok: true, method: c.method, ...c.expect });
      }
    });
  }

  it('the table holds no case twice', () => {
    const keys = CANONICAL_CASES.map((c) => `${c.method} ${c.target}`);
    assert.deepEqual(
      keys.filter((k, i) => keys.indexOf(k) !== i),
      [],
    );
  });

  it('the target it forwards canonicalizes to itself (one spelling per path)', () => {
    for (const c of CANONICAL_CASES) {
      const first = canonicalize(c.method, c.target);
      if (!first.ok) continue;
      assert.deepEqual(canonicalize(c.method, first.target), first, `${c.method} ${c.target}`);
    }
  });

  it('never echoes a refused target into the reason', () => {
    for (const c of CANONICAL_CASES) {
      const got = canonicalize(c.method, c.target);
      if (got.ok || c.target.length < 4) continue;
      assert.ok(!got.reason.includes(c.target), `${c.target} is echoed in "${got.reason}"`);
    }
  });

  it('checks the length of a target before its bytes', () => {
    const got = canonicalize('GET', `/${'\u0000'.repeat(MAX_TARGET_LENGTH)}`);
    assert.deepEqual(got, { ok: false, reason: `request target longer than ${MAX_TARGET_LENGTH} characters` });
  });

  it('refuses a bad method before looking at the target', () => {
    assert.deepEqual(canonicalize('get', '//..'), { ok: false, reason: 'method "get" is not an upper-case token' });
  });
});

describe('encodePath', () => {
  const cases: readonly { readonly path: string; readonly encoded: string }[] = [
    { path: '/', encoded: '/' },
    { path: '/containers/json', encoded: '/containers/json' },
    { path: "/a-b._~!$&'()*+,;=@", encoded: "/a-b._~!$&'()*+,;=@" },
    { path: '/a:b', encoded: '/a%3Ab' },
    { path: '/a b', encoded: '/a%20b' },
    { path: '/%', encoded: '/%25' },
    { path: '/?#', encoded: '/%3F%23' },
    { path: '/"<>[]{}|^`', encoded: '/%22%3C%3E%5B%5D%7B%7D%7C%5E%60' },
    { path: '/\u00e9', encoded: '/%C3%A9' },
    { path: '/\u{1f433}', encoded: '/%F0%9F%90%B3' },
  ];
  for (const c of cases) {
    it(`encodes ${JSON.stringify(c.path)} as ${c.encoded}`, () => {
      assert.equal(encodePath(c.path), c.encoded);
    });
  }

  it('encodes every path so that canonicalize decodes it back to exactly that path', () => {
    for (const c of cases) {
      const got = canonicalize('GET', encodePath(c.path));
      assert.ok(got.ok, `${c.path}: ${JSON.stringify(got)}`);
      assert.equal(got.path, c.path);
    }
  });
});
