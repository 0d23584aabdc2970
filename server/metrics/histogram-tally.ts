// A Prometheus histogram counted in place, registered in a prom-client registry that renders it. prom-client's own
// observe() validates the labels, builds a hash string and allocates a closure and a pair per call: with three
// histograms per request that showed in profiles (about 2 % of a forwarded /_ping). Here a series is found by its
// label values and its counts are an array; what the registry is handed is what prom-client's Histogram hands it.
import type { Registry } from 'prom-client';

interface Series {
  readonly labels: Readonly<Record<string, string>>;
  /** Observations per bucket (not cumulative), the last one past every bound (+Inf). */
  readonly counts: Float64Array;
  sum: number;
  count: number;
}

interface Value {
  readonly value: number;
  readonly metricName: string;
  readonly labels: Record<string, string | number>;
  readonly sharedLabels?: Readonly<Record<string, string>>;
  /** As prom-client's values have it: null on a bucket, absent (undefined) on _sum and _count; doxy keeps none. */
  readonly exemplar: null | undefined;
}

export class HistogramTally<L extends string = never> {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  /** By the label values joined with NUL (no label value holds one: they are socket names and verdicts); two at most. */
  private readonly series = new Map<string, Series>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelNames: readonly L[],
    private readonly bounds: readonly number[],
    registry: Registry,
  ) {
    if (labelNames.length > 2) throw new Error(`histogram ${name}: two labels at most`);
    registry.registerMetric(this as unknown as Parameters<Registry['registerMetric']>[0]);
    // As prom-client does: a histogram without labels shows its one series, at zero, before anything is observed.
    if (labelNames.length === 0) this.seriesOf('', '', '');
  }

  /** `first` and `second`: the values of the first and second label names, when there are such. */
  observe(value: number, first = '', second = ''): void {
    const n = this.labelNames.length;
    const s = this.seriesOf(n === 0 ? '' : n === 1 ? first : `${first}\0${second}`, first, second);
    let i = 0;
    while (i < this.bounds.length && value > (this.bounds[i] ?? Infinity)) i++;
    s.counts[i] = (s.counts[i] ?? 0) + 1;
    s.sum += value;
    s.count++;
  }

  private seriesOf(key: string, first: string, second: string): Series {
    let s = this.series.get(key);
    if (!s) {
      const labels: Record<string, string> = {};
      this.labelNames.forEach((name, i) => (labels[name] = i === 0 ? first : second));
      s = { labels, counts: new Float64Array(this.bounds.length + 1), sum: 0, count: 0 };
      this.series.set(key, s);
    }
    return s;
  }

  /** The registry's text form: each sample's own labels (le) with its series' labels shared, as prom-client does. */
  getForPromString(): { name: string; help: string; type: string; aggregator: string; values: Value[] } {
    const bucket = `${this.name}_bucket`;
    const values: Value[] = [];
    for (const s of this.series.values()) {
      let acc = 0;
      this.bounds.forEach((le, i) => {
        acc += s.counts[i] ?? 0;
        values.push({ value: acc, metricName: bucket, labels: { le }, sharedLabels: s.labels, exemplar: null });
      });
      values.push(
        { value: s.count, metricName: bucket, labels: { le: '+Inf' }, sharedLabels: s.labels, exemplar: null },
        { value: s.sum, metricName: `${this.name}_sum`, labels: {}, sharedLabels: s.labels, exemplar: undefined },
        { value: s.count, metricName: `${this.name}_count`, labels: {}, sharedLabels: s.labels, exemplar: undefined },
      );
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  /** The JSON form (registry.getMetricsAsJSON): the labels of each sample in one object. */
  get(): { name: string; help: string; type: string; aggregator: string; values: Value[] } {
    const data = this.getForPromString();
    return {
      ...data,
      values: data.values.map(({ sharedLabels, ...v }) => ({ ...v, labels: { ...v.labels, ...sharedLabels } })),
    };
  }

  reset(): void {
    for (const s of this.series.values()) {
      s.counts.fill(0);
      s.sum = 0;
      s.count = 0;
    }
  }
}
