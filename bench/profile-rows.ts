// `npm run bench -- --profile-rows DIR`: for every workload (the rows measured together), a CPU profile of the doxy
// that serves it and one of the bare forwarder, covering that workload only, and DIR/summary.md setting them side by
// side: the CPU each spent per request (or per MB), where each spent it by module and by function, and which of doxy's
// own functions (and its proxying packages') the time went through. The processes run bench/cpu-profile.mjs with
// BENCH_PROFILE_ON_SIGNAL=1: a SIGUSR2 starts their sampler, the next one stops it and writes the profile.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sleep } from '../test/harness/dockerd.ts';
import { summarize as where, type Profile, type Share } from './profile-summary.ts';
import { summarize, type ProxySummary, type Summary } from './report.ts';
import type { Context, Figure, Row, Workload } from './workloads.ts';

/** How long a profile may take to be written after the SIGUSR2 that stops it. */
const WRITE_TIMEOUT_MS = 30_000;
/** Lets the SIGUSR2 that starts a sampler be handled before the workload's first request. */
const START_MS = 200;
/** Entries per table. */
const TOP = 8;
/** What counts as doxy's own code in the inclusive table: its sources and the packages it routes
 * (express 5 and its router), forwards and counts with. */
const OWN = /^(server\/|shared\/|express$|router$|http-proxy-middleware$|http-proxy$|prom-client$|socket\.io)/;

/** A process preloaded with cpu-profile.mjs in its on-signal mode. */
export class Sampler {
  private stops = 0;
  constructor(
    private readonly dir: string,
    readonly name: string,
    readonly pid: number,
  ) {}

  start(): void {
    process.kill(this.pid, 'SIGUSR2');
  }

  /** Stops the sampler and moves the profile it writes to `file`. */
  async stop(file: string): Promise<Profile> {
    process.kill(this.pid, 'SIGUSR2');
    const written = join(this.dir, `${this.name}-${this.pid}-${++this.stops}.cpuprofile`);
    for (const t0 = Date.now(); !existsSync(written); await sleep(50))
      if (Date.now() - t0 > WRITE_TIMEOUT_MS) throw new Error(`${this.name} (pid ${this.pid}) wrote no ${written}`);
    renameSync(written, file);
    return JSON.parse(readFileSync(file, 'utf8')) as Profile;
  }
}

export interface ProfileRowsOptions {
  /** Where the profiles and summary.md go; the samplers write into DIR/raw. */
  readonly dir: string;
  readonly list: readonly Workload[];
  readonly ctx: Context;
  /** Rounds to profile a workload for (a heavy one moves hundreds of MB per round). */
  readonly rounds: (w: Workload) => number;
  /** The doxy that serves a workload's doxy side, and how the summary names it. */
  readonly doxyOf: (w: Workload) => { readonly sampler: Sampler; readonly label: string };
  readonly bare: Sampler;
  readonly header: string;
  readonly log: (message: string) => void;
}

const cell = (s: string): string => s.replaceAll('|', '\\|');
const ms = (v: number): string => v.toFixed(v >= 10 ? 0 : 1);

/** Two lists of shares, doxy's and bare's, as the rows of one table. */
function sideBySide(doxy: readonly Share[], bare: readonly Share[]): string[] {
  const one = (s: Share | undefined): string =>
    s ? `${cell(s.name)} | ${ms(s.ms)} | ${s.percent.toFixed(1)}` : ' | |';
  const out = ['| # | doxy | ms | % | bare | ms | % |', '|--:|---|--:|--:|---|--:|--:|'];
  for (let i = 0; i < Math.min(TOP, Math.max(doxy.length, bare.length)); i++)
    out.push(`| ${i + 1} | ${one(doxy[i])} | ${one(bare[i])} |`);
  return out;
}

function unitOf(row: Row): string {
  return row.unit === 'MB/s' ? 'ms/MB' : 'µs/req';
}

function figureText(s: Summary, p: ProxySummary): string {
  if (!Number.isFinite(p.value)) return '-';
  const v = s.row.unit === 'ms' ? p.value.toFixed(3) : p.value.toFixed(p.value >= 100 ? 0 : 1);
  return `${v} ${s.row.unit} (ratio ${p.ratio.toFixed(2)})`;
}

function section(w: Workload, label: string, summaries: readonly Summary[], doxy: Profile, bare: Profile): string {
  const d = where(doxy);
  const b = where(bare);
  const withCpu = summaries.find((s) => Number.isFinite(s.doxy.cpu));
  const cpu = (p: ProxySummary): string =>
    withCpu && Number.isFinite(p.cpu) ? `${p.cpu.toFixed(p.cpu >= 100 ? 0 : 1)} ${unitOf(withCpu.row)}` : '-';
  const first = w.rows[0];
  return [
    `## ${first?.id}: ${first?.label}`,
    '',
    `doxy here is ${label}.`,
    '',
    '| | doxy | bare |',
    '|---|--:|--:|',
    ...summaries.map((s) => `| ${cell(s.row.label)} | ${figureText(s, s.doxy)} | ${figureText(s, s.bare)} |`),
    `| CPU per ${withCpu ? unitOf(withCpu.row).split('/')[1] : 'unit'} (/proc, all threads) | ${withCpu ? cpu(withCpu.doxy) : '-'} | ${withCpu ? cpu(withCpu.bare) : '-'} |`,
    `| main thread busy in the profile | ${ms(d.totalMs)} ms | ${ms(b.totalMs)} ms |`,
    '',
    'By module, self time:',
    '',
    ...sideBySide(d.byModule, b.byModule),
    '',
    'By function, self time:',
    '',
    ...sideBySide(d.byFunction, b.byFunction),
    '',
    "doxy's own code and proxying packages, inclusive time (what ran beneath each, itself included):",
    '',
    '| # | function | ms | % |',
    '|--:|---|--:|--:|',
    ...d.inclusive
      .filter((s) => OWN.test(s.module))
      .slice(0, TOP)
      .map((s, i) => `| ${i + 1} | ${cell(s.name)} | ${ms(s.ms)} | ${s.percent.toFixed(1)} |`),
    '',
  ].join('\n');
}

/** Profiles each workload in turn; returns the path of the summary. */
export async function profileRows(o: ProfileRowsOptions): Promise<string> {
  const sections: string[] = [];
  for (const w of o.list) {
    const id = w.rows[0]?.id ?? 'workload';
    const { sampler, label } = o.doxyOf(w);
    sampler.start();
    o.bare.start();
    await sleep(START_MS);
    const rounds = new Map<string, Figure[]>();
    for (let r = 0; r < o.rounds(w); r++)
      for (const [row, figure] of await w.measure(o.ctx, r)) rounds.set(row, [...(rounds.get(row) ?? []), figure]);
    const doxy = await sampler.stop(join(o.dir, `${id}-doxy.cpuprofile`));
    const bare = await o.bare.stop(join(o.dir, `${id}-bare.cpuprofile`));
    const summaries = w.rows.map((row) => summarize(row, rounds.get(row.id) ?? []));
    sections.push(section(w, label, summaries, doxy, bare));
    o.log(`profiled ${id}`);
  }
  rmSync(join(o.dir, 'raw'), { recursive: true, force: true });
  const file = join(o.dir, 'summary.md');
  writeFileSync(file, [o.header, '', ...sections].join('\n'));
  return file;
}
