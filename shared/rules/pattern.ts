// Compiles a rule pattern with RE2 semantics: matching time is linear in the path, so no pattern can hang doxy.
// The same engine runs in the browser, so the admin tester and the proxy match identically.
import { RE2JS, RE2Set } from 're2js';
import { patternCost } from './pattern-cost.ts';
import { strayCloser, unclosedGroup } from './pattern-parens.ts';

export const MAX_PATTERN_LENGTH = 1024;

/** A compiled pattern; `test` matches the whole path (the program anchors every pattern). */
export interface CompiledPattern {
  readonly source: string;
  /** An upper bound of its program's size (see pattern-cost.ts). */
  readonly cost: number;
  test(path: string): boolean;
}

export type PatternResult =
  | { readonly ok: true; readonly pattern: CompiledPattern }
  | { readonly ok: false; readonly message: string; readonly index: number };

function errorParts(error: unknown, source: string): { message: string; index: number } {
  if (error instanceof Error) {
    const detail = error as Error & { error?: unknown; input?: unknown };
    const input = typeof detail.input === 'string' ? detail.input : '';
    // RE2 names no text for a trailing backslash: it is the last character.
    const found = input === '' ? (source.endsWith('\\') ? source.length - 1 : -1) : source.indexOf(input);
    const what = typeof detail.error === 'string' ? detail.error : error.message;
    const message = input === '' ? what : `${what}: \`${input}\``;
    // RE2 names the whole expression for an unbalanced parenthesis: point at the group left open, or the stray ")".
    if (what === 'missing closing )') return { message, index: Math.max(unclosedGroup(source), 0) };
    if (what === 'unexpected )') return { message, index: Math.max(strayCloser(source), 0) };
    return { message, index: Math.max(found, 0) };
  }
  return { message: String(error), index: 0 };
}

export function compilePattern(source: string): PatternResult {
  if (source.trim() === '')
    return {
      ok: false,
      message: 'empty pattern (it would match nothing useful; write .* to match every path)',
      index: 0,
    };
  if (source.length > MAX_PATTERN_LENGTH)
    return { ok: false, message: `pattern longer than ${MAX_PATTERN_LENGTH} characters`, index: MAX_PATTERN_LENGTH };
  // A canonical path never holds one, and in a pattern file it would start a new line (a new rule).
  const control = source.search(/[\u0000-\u001f\u007f]/);
  if (control !== -1) {
    const code = `0x${source.charCodeAt(control).toString(16).padStart(2, '0')}`;
    return {
      ok: false,
      message: `control character ${code} in the pattern (no canonical path holds one)`,
      index: control,
    };
  }
  // Before RE2 expands the repetitions: a costly pattern is refused in microseconds, never compiled.
  const cost = patternCost(source);
  if (!cost.ok) return cost;
  try {
    const re = RE2JS.compile(source);
    return { ok: true, pattern: { source, cost: cost.cost, test: (path: string) => re.matches(path) } };
  } catch (error) {
    const { message, index } = errorParts(error, source);
    return { ok: false, message, index };
  }
}

/** Every pattern of a list in one RE2 program: a single linear pass over a path finds all the patterns that match it. */
export interface PatternSet {
  /** Indices (ascending) of the patterns that match the whole path. */
  match(path: string): readonly number[];
}

/** Adds patterns to one PatternSet a few at a time, so a caller can spread a large set over turns of its event loop. */
export interface PatternSetBuilder {
  add(source: string): void;
  /** The set of every pattern added; null when it would be too large (see compilePatternSet). */
  build(): PatternSet | null;
}

export function patternSetBuilder(): PatternSetBuilder {
  const set = new RE2Set(RE2Set.ANCHOR_BOTH);
  let failed = false;
  return {
    add: (source) => {
      if (failed) return;
      try {
        set.add(source);
      } catch {
        failed = true;
      }
    },
    build: () => {
      if (failed) return null;
      try {
        set.compile();
        return { match: (path: string) => set.match(path) };
      } catch {
        return null;
      }
    },
  };
}

/**
 * Combines patterns that each compiled with compilePattern; null when the combined program would be too large,
 * in which case the caller tries the patterns one by one (the same answer, only slower).
 */
export function compilePatternSet(sources: readonly string[]): PatternSet | null {
  const builder = patternSetBuilder();
  for (const source of sources) builder.add(source);
  return builder.build();
}
