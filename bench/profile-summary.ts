// `tsx bench/profile-summary.ts FILE.cpuprofile [top]`: where a V8 CPU profile spent its time, by function and by module.
// Used on the profiles `npm run bench -- --profile DIR` makes of doxy, and by `--profile-rows` (bench/profile-rows.ts).
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

export interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** The file of a profile node's function: the bundle doxy runs (dist/server/*.js) is one file for all of server/. */
const BUNDLED = /\/dist\/server\/[^/]+\.js$/;
const bundleSources = new Map<string, readonly (readonly [line: number, source: string])[]>();

/**
 * The source file a line of the bundle came from: esbuild heads each module's code with a `// server/x.ts` comment
 * (in the order it places them; a module may be split over more than one stretch). null when the bundle is gone.
 */
function bundledSource(url: string, line: number): string | null {
  let starts = bundleSources.get(url);
  if (!starts) {
    try {
      const lines = readFileSync(fileURLToPath(url), 'utf8').split('\n');
      starts = lines.flatMap((text, i) => {
        const m = /^\/\/ ((server|shared)\/\S+\.ts)$/.exec(text);
        return m ? [[i, m[1] ?? ''] as const] : [];
      });
    } catch {
      starts = [];
    }
    bundleSources.set(url, starts);
  }
  let found: string | null = null;
  for (const [start, source] of starts) {
    if (start > line) break;
    found = source;
  }
  return found;
}

/** node_modules/<package>, node:<module>, a repo file, or a V8 pseudo-frame such as (garbage collector). */
function moduleOf(url: string, name: string, line: number): string {
  if (url === '') return name.startsWith('(') ? name : '(native)';
  const nm = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1] ?? url;
  if (url.startsWith('node:')) return url;
  if (BUNDLED.test(url)) {
    const source = bundledSource(url, line);
    if (source) return source;
  }
  const repo = /\/(server|shared|bench|test)\/.*$/.exec(url);
  return repo ? repo[0].slice(1) : url;
}

export interface Share {
  readonly name: string;
  /** What moduleOf says the entry is in (for a module's share, the module itself). */
  readonly module: string;
  readonly ms: number;
  readonly percent: number;
}

function keyOf(n: ProfileNode): string {
  const { functionName, url, lineNumber } = n.callFrame;
  const where = BUNDLED.test(url) ? ` (bundle line ${lineNumber + 1})` : `:${lineNumber + 1}`;
  return `${functionName || '(anonymous)'} ${moduleOf(url, functionName, lineNumber)}${where}`;
}

/** The sampler's own frames (bench/cpu-profile.mjs stopping it and building the profile): not the profiled work. */
const HOOK = /\/cpu-profile\.mjs$/;

export function summarize(profile: Profile): {
  totalMs: number;
  byFunction: Share[];
  byModule: Share[];
  inclusive: Share[];
  idleMs: number;
} {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const fn = new Map<string, number>();
  const mod = new Map<string, number>();
  const inc = new Map<string, number>();
  const moduleOfKey = new Map<string, string>();
  let total = 0;
  let idle = 0;
  for (const [id, us] of selfUs) {
    const n = byId.get(id);
    if (!n) continue;
    const stack: ProfileNode[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at);
      if (frame) stack.push(frame);
    }
    if (stack.some((f) => HOOK.test(f.callFrame.url))) continue;
    const { functionName, url, lineNumber } = n.callFrame;
    if (functionName === '(idle)' || functionName === '(program)') {
      idle += us;
      if (functionName === '(idle)') continue;
    }
    total += us;
    const m = moduleOf(url, functionName, lineNumber);
    fn.set(keyOf(n), (fn.get(keyOf(n)) ?? 0) + us);
    mod.set(m, (mod.get(m) ?? 0) + us);
    // Inclusive: every function on the stack of this node, once each.
    const seen = new Set<string>();
    for (const frame of stack) {
      const { callFrame: f } = frame;
      seen.add(keyOf(frame));
      moduleOfKey.set(keyOf(frame), moduleOf(f.url, f.functionName, f.lineNumber));
    }
    for (const k of seen) inc.set(k, (inc.get(k) ?? 0) + us);
  }
  const shares = (m: Map<string, number>): Share[] =>
    [...m]
      .map(([name, us]) => ({
        name,
        module: moduleOfKey.get(name) ?? name,
        ms: us / 1000,
        percent: (100 * us) / total,
      }))
      .sort((a, b) => b.ms - a.ms);
  return {
    totalMs: total / 1000,
    byFunction: shares(fn),
    byModule: shares(mod),
    inclusive: shares(inc),
    idleMs: idle / 1000,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: tsx bench/profile-summary.ts FILE.cpuprofile [top]');
  const top = Number(process.argv[3] ?? '25');
  const s = summarize(JSON.parse(readFileSync(file, 'utf8')) as Profile);
  const line = (x: Share): string =>
    `${x.ms.toFixed(0).padStart(8)} ms ${x.percent.toFixed(1).padStart(5)} %  ${x.name}`;
  process.stdout.write(
    [
      `busy ${s.totalMs.toFixed(0)} ms (idle ${s.idleMs.toFixed(0)} ms)`,
      '',
      'by module (self time):',
      ...s.byModule.slice(0, top).map(line),
      '',
      'by function (self time):',
      ...s.byFunction.slice(0, top).map(line),
      '',
      'by function (inclusive time):',
      ...s.inclusive.slice(0, top * 2).map(line),
      '',
    ].join('\n'),
  );
}
