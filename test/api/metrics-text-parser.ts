// A strict reader of the Prometheus text exposition format (0.0.4), for the metrics tests: any line it cannot place throws.
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface Family {
  readonly name: string;
  type: string;
  help: string;
  readonly samples: Sample[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = '[a-zA-Z_][a-zA-Z0-9_]*';
// Values are what Go's strconv.ParseFloat reads (as Prometheus does): NaN and Inf in any case (prom-client writes "Nan").
const VALUE =
  '(?:[+-]?(?:\\d+\\.?\\d*(?:[eE][+-]?\\d+)?|\\.\\d+(?:[eE][+-]?\\d+)?)|[+-]?(?:[iI][nN][fF](?:[iI][nN][iI][tT][yY])?)|[nN][aA][nN])';
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (${VALUE})(?: (-?\\d+))?$`);
const PAIR = new RegExp(`^(${LABEL})="((?:[^"\\\\\\n]|\\\\[\\\\"n])*)"(,|$)`);
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const SUFFIXES: Record<string, readonly string[]> = {
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
};

function parseLabels(text: string, where: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let rest = text;
  while (rest !== '') {
    const m = PAIR.exec(rest);
    if (!m) throw new Error(`${where}: bad label set at "${rest.slice(0, 40)}"`);
    const [all, name = '', raw = ''] = m;
    if (name in labels) throw new Error(`${where}: label ${name} twice`);
    labels[name] = raw.replace(/\\(.)/g, (_s, c: string) => (c === 'n' ? '\n' : c));
    rest = rest.slice(all.length);
  }
  return labels;
}

function parseValue(v: string): number {
  if (/^nan$/i.test(v)) return NaN;
  if (/^[+-]?inf/i.test(v)) return v.startsWith('-') ? -Infinity : Infinity;
  return Number(v);
}

export function parsePrometheusText(text: string): Map<string, Family> {
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a newline');
  const families = new Map<string, Family>();
  const family = (name: string): Family => {
    let f = families.get(name);
    if (!f) {
      f = { name, type: '', help: '', samples: [] };
      families.set(name, f);
    }
    return f;
  };
  const lines = text.slice(0, -1).split('\n');
  lines.forEach((line, i) => {
    const where = `line ${i + 1}`;
    if (line === '') return;
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      const [, kind, name = '', rest = ''] = meta;
      if (!new RegExp(`^${NAME}$`).test(name)) throw new Error(`${where}: bad metric name ${name}`);
      const f = family(name);
      if (f.samples.length > 0) throw new Error(`${where}: ${kind} for ${name} after its samples`);
      if (kind === 'TYPE') {
        if (!TYPES.has(rest)) throw new Error(`${where}: unknown type "${rest}"`);
        if (f.type !== '') throw new Error(`${where}: second TYPE for ${name}`);
        f.type = rest;
      } else {
        if (f.help !== '') throw new Error(`${where}: second HELP for ${name}`);
        f.help = rest;
      }
      return;
    }
    if (line.startsWith('#')) return;
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`${where}: not a sample: ${line}`);
    const [, name = '', labelText, value = ''] = m;
    const owner = [...families.values()].find((f) => (SUFFIXES[f.type] ?? ['']).some((s) => `${f.name}${s}` === name));
    if (!owner || owner.type === '') throw new Error(`${where}: sample ${name} has no TYPE before it`);
    const labels = parseLabels(labelText ?? '', where);
    if (owner.type === 'histogram' && name.endsWith('_bucket') && !('le' in labels))
      throw new Error(`${where}: bucket without le`);
    owner.samples.push({ name, labels, value: parseValue(value) });
  });
  for (const f of families.values()) {
    if (f.type === 'histogram') checkHistogram(f);
  }
  return families;
}

/** Buckets rise with le, and the +Inf bucket equals _count, for each label set. */
function checkHistogram(f: Family): void {
  const series = new Map<string, Sample[]>();
  for (const s of f.samples) {
    const { le: _le, ...rest } = s.labels;
    const key = JSON.stringify(rest);
    series.set(key, [...(series.get(key) ?? []), s]);
  }
  for (const [key, samples] of series) {
    const buckets = samples.filter((s) => s.name.endsWith('_bucket'));
    for (let i = 1; i < buckets.length; i++) {
      if ((buckets[i]?.value ?? 0) < (buckets[i - 1]?.value ?? 0))
        throw new Error(`${f.name}${key}: buckets not cumulative`);
    }
    const inf = buckets.find((b) => b.labels.le === '+Inf');
    const count = samples.find((s) => s.name === `${f.name}_count`);
    if (!inf || !count || inf.value !== count.value)
      throw new Error(`${f.name}${key}: +Inf bucket does not equal _count`);
  }
}

/** The value of one sample whose labels include `labels`; 0 when there is none. */
export function valueOf(
  families: Map<string, Family>,
  family: string,
  name: string,
  labels: Record<string, string> = {},
): number {
  const f = families.get(family);
  const s = f?.samples.find((x) => x.name === name && Object.entries(labels).every(([k, v]) => x.labels[k] === v));
  return s?.value ?? 0;
}
