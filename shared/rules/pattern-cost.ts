// What a pattern costs to compile and match, read from its source before RE2 ever expands it. RE2 copies a counted
// repetition once per count (`\pL{1000}` is a thousand Unicode classes), and re2js spends time and memory on each
// copy: 1 KB of `\pL{1000}\pL{1000}...` took seconds and hundreds of MiB to compile. This scan is linear in the
// source and gives an upper bound of the program's size, so a costly pattern is refused before it is compiled.

/**
 * The most a pattern may cost. A plain pattern of the longest length allowed costs about its length, and the built-in
 * ones cost under 100; at this bound the worst pattern compiles and first matches in milliseconds.
 */
export const MAX_PATTERN_COST = 2000;
/**
 * The most the enabled patterns of one rule set may cost together: as much as the 10 000 rules a rule set file may
 * hold, of the size of the built-in ones. Compiling takes about 30 microseconds a unit on a loaded 2-core machine,
 * so this does not make a large set quick; it keeps a few costly patterns from costing more than the largest set.
 */
// 700 000 since the built-in set grants libpod's reads: its costliest pattern (libpod-image-inspect) costs 70.
export const MAX_RULESET_COST = 700_000;

/**
 * A Unicode class (`\pL`, `\PN`, `[\p{Greek}]`) holds hundreds of ranges, and re2js copies and scans them for each
 * instruction: measured at ten to fifty times the time of a literal, most of it in
 * re2js's one-pass analysis of anchored patterns.
 */
const UNICODE_CLASS = 25;

export type PatternCost = { readonly ok: true; readonly cost: number } | CostError;
export interface CostError {
  readonly ok: false;
  readonly message: string;
  readonly index: number;
}

/** One open group: the cost of what it holds so far, and of its last item (which a repetition applies to). */
interface Level {
  done: number;
  last: number;
}

/** `{n}`, `{n,}` or `{n,m}` at `at`: how many copies RE2 makes, and its length; null when it is a literal `{`. */
function countedRepeat(source: string, at: number): { copies: number; optional: number; length: number } | null {
  const m = /^\{(\d{1,4})(,(\d{0,4}))?\}/.exec(source.slice(at, at + 12));
  if (!m) return null;
  const min = Number(m[1]);
  // `x{n,}` is n copies and a star; `x{n,m}` is m copies, the last m-n optional.
  const copies = m[2] === undefined ? min : m[3] === '' ? min + 1 : Number(m[3]);
  // RE2 refuses a count over 1000 with its own message.
  if (copies > 1001) return { copies: 1, optional: 0, length: m[0].length };
  // Each optional copy adds a split instruction.
  return { copies: Math.max(copies, 1), optional: Math.max(copies - min, 0), length: m[0].length };
}

/** The end of a class starting at `at` (`[`), and how many Unicode classes it names. */
function classAt(source: string, at: number): { end: number; unicode: number } {
  let i = at + 1;
  if (source[i] === '^') i++;
  // A `]` first in the class is a literal.
  if (source[i] === ']') i++;
  let unicode = 0;
  while (i < source.length && source[i] !== ']') {
    if (source[i] === '\\') {
      if (source[i + 1] === 'p' || source[i + 1] === 'P') unicode++;
      i += 2;
    } else if (source.startsWith('[:', i)) {
      const close = source.indexOf(':]', i + 2);
      i = close === -1 ? i + 1 : close + 2;
    } else i++;
  }
  return { end: i, unicode };
}

/** The end of an escape starting at `at` (`\`), and its cost as one item. */
function escapeAt(source: string, at: number): { end: number; cost: number } {
  const c = source[at + 1] ?? '';
  if (c === 'p' || c === 'P') {
    const braced = source[at + 2] === '{' ? source.indexOf('}', at + 2) : -1;
    return { end: braced === -1 ? at + 3 : braced + 1, cost: UNICODE_CLASS };
  }
  if (c === 'x' && source[at + 2] === '{') {
    const close = source.indexOf('}', at + 2);
    return { end: close === -1 ? at + 3 : close + 1, cost: 1 };
  }
  return { end: at + 2, cost: 1 };
}

function sum(stack: readonly Level[]): number {
  let total = 0;
  for (const level of stack) total += level.done + level.last;
  return total;
}

/**
 * An upper bound of the size of the program RE2 makes of `source`, or where it passes `max`. Syntax is not checked
 * here (RE2 does that next); whatever this scan misreads, it only ever over-counts.
 */
export function patternCost(source: string, max = MAX_PATTERN_COST): PatternCost {
  const stack: Level[] = [{ done: 0, last: 0 }];
  const top = (): Level => stack[stack.length - 1] ?? { done: 0, last: 0 };
  const item = (cost: number): void => {
    const level = top();
    level.done += level.last;
    level.last = cost;
  };
  for (let i = 0; i < source.length;) {
    const at = i;
    const c = source[i];
    if (c === '\\' && source[i + 1] === 'Q') {
      // Quoted text: one literal per character, up to \E or the end.
      const close = source.indexOf('\\E', i + 2);
      const end = close === -1 ? source.length : close;
      for (let k = i + 2; k < end; k++) item(1);
      i = close === -1 ? end : close + 2;
    } else if (c === '\\') {
      const e = escapeAt(source, i);
      item(e.cost);
      i = e.end;
    } else if (c === '[') {
      const k = classAt(source, i);
      item(Math.max(1, k.unicode * UNICODE_CLASS));
      i = k.end + 1;
    } else if (c === '(') {
      // `(?i)` and the like set flags and hold nothing; `(?:`, `(?i:`, `(?P<` and `(` open a group.
      const flags = /^\(\?[a-zA-Z-]*\)/.exec(source.slice(i, i + 12));
      if (flags) i += flags[0].length;
      else {
        stack.push({ done: 0, last: 0 });
        i++;
      }
    } else if (c === ')' && stack.length > 1) {
      const level = stack.pop() ?? { done: 0, last: 0 };
      // A capture adds two instructions around what it holds.
      item(level.done + level.last + 2);
      i++;
    } else if (c === '|') {
      const level = top();
      level.done += level.last + 1;
      level.last = 0;
      i++;
    } else if (c === '*' || c === '+' || c === '?') {
      top().last += 1;
      i++;
    } else if (c === '{' && countedRepeat(source, i) !== null) {
      const r = countedRepeat(source, i) ?? { copies: 1, optional: 0, length: 1 };
      const level = top();
      level.last = level.last * r.copies + r.optional + 1;
      i += r.length;
    } else {
      item(1);
      i++;
    }
    const cost = sum(stack);
    if (cost > max)
      return {
        ok: false,
        message: `pattern too costly: its repetitions expand to over ${max} instructions (write + or * instead of large counts)`,
        index: at,
      };
  }
  return { ok: true, cost: sum(stack) + 2 };
}
