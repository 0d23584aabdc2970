// Seeded random create bodies (Go spellings, repeated keys, nulls, promoted HostConfig fields, wrong types) through
// checkBody: whatever it forwards reads the same to a plain JSON reader (one key each, canonical names) and, read
// that plain way by a checker written independently here, satisfies the policy.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkBody } from '../../shared/policy/check-body.ts';
import { FUZZ_POLICIES } from '../cases/body-policy-cases.ts';
import { randomCreateBody, violations, type Plain } from '../cases/body-policy-fuzz.ts';
import { prng } from '../security/lib.ts';

/** All a forwarded create body holds at its top: Config fields (the ones the generator writes), one HostConfig. */
const TOP = new Set(['Cmd', 'Image', 'User', 'HostConfig', 'NetworkingConfig']);

describe('checkBody on seeded random create bodies', () => {
  for (const [name, policy] of Object.entries(FUZZ_POLICIES)) {
    it(`forwards only what satisfies ${name}, as one plain spelling`, (t) => {
      const random = prng(name === 'bounded' ? 13 : 31);
      const request = { operation: 'container-create', apiVersion: [1, 41] } as const;
      const tally = { forwarded: 0, denied: 0, refused: 0 };
      for (let i = 0; i < 3000; i++) {
        const text = randomCreateBody(random);
        const verdict = checkBody(request, text, policy);
        if (!verdict.ok) {
          tally[verdict.status === 403 ? 'denied' : 'refused']++;
          continue;
        }
        tally.forwarded++;
        const plain = JSON.parse(verdict.body) as Plain;
        assert.equal(JSON.stringify(plain), verdict.body, `not one plain spelling: ${text}`);
        assert.deepEqual(
          Object.keys(plain).filter((k) => !TOP.has(k)),
          [],
          `promoted fields forwarded: ${verdict.body}`,
        );
        assert.deepEqual(violations(plain, policy), [], `${text}\n  forwarded as ${verdict.body}`);
        assert.deepEqual(checkBody(request, verdict.body, policy), verdict, `not stable: ${verdict.body}`);
      }
      // Not vacuous: every outcome happens often.
      t.diagnostic(`3000 bodies: ${JSON.stringify(tally)}`);
      const least = { forwarded: 100, denied: 300, refused: 30 };
      for (const [outcome, n] of Object.entries(tally))
        assert.ok(n >= least[outcome as keyof typeof least], `${outcome}: only ${n} of 3000`);
    });
  }
});
