// Where a pattern's parentheses fail to balance, for the errors RE2 reports on the whole expression ("missing closing )",
// "unexpected )"): the unclosed group's "(" or the stray ")". Escapes and character classes are skipped as RE2 reads them.

/** The index of the innermost group left open at the end, or -1 when every group closes. */
export function unclosedGroup(source: string): number {
  return scanParens(source).open.at(-1) ?? -1;
}

/** The index of the first ")" that closes no group, or -1. */
export function strayCloser(source: string): number {
  return scanParens(source).stray;
}

function scanParens(source: string): { open: number[]; stray: number } {
  const open: number[] = [];
  let stray = -1;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
      // A "]" first in a class (after an optional "^") is a literal, not its end.
      if (source[i + 1] === '^') i++;
      if (source[i + 1] === ']') i++;
    } else if (c === '(') {
      open.push(i);
    } else if (c === ')') {
      if (open.pop() === undefined && stray === -1) stray = i;
    }
  }
  return { open, stray };
}
