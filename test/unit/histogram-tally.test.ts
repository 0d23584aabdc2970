// HistogramTally: what /metrics shows of it is what prom-client's own Histogram shows for the same observations, in
// text and in JSON: buckets cumulative, a value on a bound counted in that bound's bucket, +Inf, _sum and _count per
// series, and an unlabelled histogram's series at zero before anything is observed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Histogram, Registry } from 'prom-client';
import { HistogramTally } from '../../server/metrics/histogram-tally.ts';

const BOUNDS = [0.001, 0.01, 0.1, 1];
const VALUES = [0, 0.0005, 0.001, 0.002, 0.01, 0.05, 0.1, 0.5, 1, 2, 60];

function both(labelNames: readonly string[]): {
  observe(value: number, ...labels: string[]): void;
  text(): Promise<[string, string]>;
  json(): Promise<[unknown, unknown]>;
} {
  const theirs = new Registry();
  const ours = new Registry();
  const h = new Histogram({ name: 'x_seconds', help: 'a time', labelNames, buckets: BOUNDS, registers: [theirs] });
  const t = new HistogramTally('x_seconds', 'a time', labelNames, BOUNDS, ours);
  return {
    observe(value, ...labels) {
      const set: Record<string, string> = {};
      labelNames.forEach((n, i) => (set[n] = labels[i] ?? ''));
      h.observe(set, value);
      t.observe(value, labels[0], labels[1]);
    },
    text: async () => [await ours.metrics(), await theirs.metrics()],
    json: async () => [await ours.getMetricsAsJSON(), await theirs.getMetricsAsJSON()],
  };
}

describe('HistogramTally', () => {
  it('without labels: its series at zero before any observation, then every bucket as prom-client counts it', async () => {
    const h = both([]);
    const [empty, emptyTheirs] = await h.text();
    assert.equal(empty, emptyTheirs);
    assert.match(empty, /^x_seconds_count 0$/m);
    for (const v of VALUES) h.observe(v);
    const [text, theirs] = await h.text();
    assert.equal(text, theirs);
    assert.match(text, /^x_seconds_bucket\{le="0.001"\} 3$/m, 'a value on a bound is counted in its bucket');
    assert.match(text, /^x_seconds_bucket\{le="\+Inf"\} 11$/m);
    const [json, jsonTheirs] = await h.json();
    assert.deepEqual(json, jsonTheirs);
  });

  it('with two labels: one series per pair of values, each as prom-client shows it', async () => {
    const h = both(['socket', 'verdict']);
    VALUES.forEach((v, i) => h.observe(v, i % 2 === 0 ? 'default' : 'ci', i % 3 === 0 ? 'allow' : 'deny'));
    const [text, theirs] = await h.text();
    assert.equal(text, theirs);
    assert.match(text, /^x_seconds_count\{socket="ci",verdict="deny"\} \d+$/m);
    const [json, jsonTheirs] = await h.json();
    assert.deepEqual(json, jsonTheirs);
  });

  it('with one label', async () => {
    const h = both(['socket']);
    for (const v of VALUES) h.observe(v, v > 0.05 ? 'a' : 'b');
    const [text, theirs] = await h.text();
    assert.equal(text, theirs);
  });
});
