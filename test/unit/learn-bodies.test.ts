// What learn mode keeps of the policed bodies it forwards: bounded, the last distinct ones.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLearnMode } from '../../server/learn/learn-mode.ts';
import { createSeenBodies, MAX_SEEN_BODIES } from '../../server/learn/seen-bodies.ts';

const create = (image: string): { operation: 'container-create'; body: string } => ({
  operation: 'container-create',
  body: JSON.stringify({ Image: image }),
});

describe('the bodies learn mode keeps', () => {
  it('keeps each distinct body once (as text or bytes); one seen again only moves to the end', () => {
    const seen = createSeenBodies();
    seen.add(create('a'));
    seen.add(create('b'));
    const version = seen.version();
    seen.add(create('a'));
    seen.add({ operation: 'container-create', body: Buffer.from(JSON.stringify({ Image: 'b' })) });
    assert.equal(seen.version(), version);
    assert.deepEqual(
      seen.list().map((b) => b.body.toString()),
      ['{"Image":"a"}', '{"Image":"b"}'],
    );
  });

  it('keeps the last MAX_SEEN_BODIES, and counts the ones it forgot', () => {
    const seen = createSeenBodies();
    for (let i = 0; i < MAX_SEEN_BODIES + 5; i++) seen.add(create(`image-${i}`));
    assert.equal(seen.list().length, MAX_SEEN_BODIES);
    assert.equal(seen.dropped(), 5);
    assert.equal(seen.list()[0]?.body, create('image-5').body);
  });

  it('keeps at most the bytes it is given, dropping the oldest first', () => {
    const seen = createSeenBodies(100, 1000);
    const big = (n: number): { operation: 'container-create'; body: string } => create(`${n}`.padEnd(400, 'x'));
    for (let i = 0; i < 4; i++) seen.add(big(i));
    assert.deepEqual(
      seen.list().map((b) => b.body),
      [big(2).body, big(3).body],
    );
    assert.equal(seen.dropped(), 2);
  });

  it("learn mode's clear forgets the bodies with the requests", () => {
    const mode = createLearnMode();
    mode.observeBody(create('a'));
    const version = mode.bodies.version();
    mode.clear();
    assert.deepEqual(mode.bodies.list(), []);
    assert.notEqual(mode.bodies.version(), version);
  });
});
