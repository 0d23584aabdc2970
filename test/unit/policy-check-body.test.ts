// checkBody() against the case table, plus the properties every forwarded body must keep.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CI_RUNNER_POLICY } from '../../shared/policy/body-policy.ts';
import { bodyVerdictMessage, checkBody, MAX_POLICED_BODY_BYTES } from '../../shared/policy/check-body.ts';
import { policedRequest, type PolicedRequest } from '../../shared/policy/operations.ts';
import { BODY_CASES, POLICIES } from '../cases/body-policy-cases.ts';

function policed(path: string): PolicedRequest {
  const p = policedRequest({ method: 'POST', path });
  if (p === null) return assert.fail(`${path} is not policed`);
  return p;
}

describe('checkBody', () => {
  for (const c of BODY_CASES) {
    const outcome = 'forward' in c.expect ? 'forwarded' : `${c.expect.status} at ${c.expect.field || '(body)'}`;
    it(`${c.name}: ${outcome} (${c.policy})`, () => {
      const request = policed(c.path);
      const got = checkBody(request, c.body, POLICIES[c.policy]);
      if ('forward' in c.expect) {
        assert.ok(got.ok, `expected it forwarded, got ${JSON.stringify(got)}`);
        if (!got.ok) return;
        if (c.expect.body !== undefined) assert.equal(got.body, c.expect.body);
        // What doxy forwards is judged the same, and forwarded unchanged: one spelling per body.
        assert.deepEqual(checkBody(request, got.body, POLICIES[c.policy]), got);
      } else {
        assert.ok(!got.ok, `expected a ${c.expect.status}, got ${JSON.stringify(got)}`);
        if (got.ok) return;
        assert.equal(got.status, c.expect.status, got.message);
        assert.equal(got.field, c.expect.field, got.message);
        if (c.expect.message !== undefined) assert.equal(got.message, c.expect.message);
      }
    });
  }

  it('the table holds no case twice, and no name twice', () => {
    const keys = BODY_CASES.map((c) => `${c.path} ${c.body} ${c.policy}`);
    assert.deepEqual(
      keys.filter((k, i) => keys.indexOf(k) !== i),
      [],
    );
    const names = BODY_CASES.map((c) => c.name);
    assert.deepEqual(
      names.filter((k, i) => names.indexOf(k) !== i),
      [],
    );
  });

  it('every policed operation has a denied and a forwarded case', () => {
    const ops = new Set(BODY_CASES.map((c) => policed(c.path).operation));
    for (const op of ops) {
      const cases = BODY_CASES.filter((c) => policed(c.path).operation === op);
      assert.ok(
        cases.some((c) => 'forward' in c.expect),
        `${op}: no forwarded case`,
      );
      assert.ok(
        cases.some((c) => !('forward' in c.expect)),
        `${op}: no denied case`,
      );
    }
    assert.equal(ops.size, 10);
  });

  it('refuses a body over the limit, one that is not UTF-8, and one with a byte-order mark', () => {
    const request = policed('/containers/create');
    const big = checkBody(request, `{"Labels":{"a":"${'x'.repeat(MAX_POLICED_BODY_BYTES)}"}}`, CI_RUNNER_POLICY);
    assert.deepEqual(big.ok ? null : [big.status, big.message], [
      400,
      `the body is over ${MAX_POLICED_BODY_BYTES} bytes`,
    ]);
    const latin1 = checkBody(request, new Uint8Array([0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d]), CI_RUNNER_POLICY);
    assert.deepEqual(latin1.ok ? null : [latin1.status, latin1.message], [400, 'the body is not UTF-8']);
    const bom = checkBody(request, new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d]), CI_RUNNER_POLICY);
    assert.equal(bom.ok ? null : bom.status, 400);
  });

  it('a lone surrogate reaches the daemon as U+FFFD, whether escaped or in the text', () => {
    const request = policed('/containers/create');
    for (const body of ['{"Labels":{"a":"\\ud800x"}}', '{"Labels":{"a":"\ud800x"}}']) {
      const got = checkBody(request, body, CI_RUNNER_POLICY);
      assert.deepEqual(got, { ok: true, body: '{"Labels":{"a":"\ufffdx"},"HostConfig":{"CgroupnsMode":"private"}}' });
    }
  });

  it('says what was denied, by which field, under which profile', () => {
    const got = checkBody(policed('/containers/create'), '{"HostConfig":{"Privileged":true}}', CI_RUNNER_POLICY);
    if (got.ok) return assert.fail('forwarded');
    assert.equal(
      bodyVerdictMessage('POST', '/containers/create', got, 'ci-runner'),
      'doxy: POST /containers/create is denied: HostConfig.Privileged is not allowed (profile ci-runner)',
    );
    const bad = checkBody(policed('/containers/create'), '{', CI_RUNNER_POLICY);
    if (bad.ok) return assert.fail('forwarded');
    assert.match(
      bodyVerdictMessage('POST', '/containers/create', bad, 'ci-runner'),
      /^doxy: POST \/containers\/create is refused: the body is not JSON/,
    );
  });
});
