// How Go's encoding/json matches an object key to a struct field when the spelling differs: Unicode simple case
// folding (encoding/json fold.go: foldRune, the smallest rune of the unicode.SimpleFold orbit; Go 1.19's
// equalFoldRight, which the daemon of Debian's docker.io 20.10 is built with, special-cases the same two runes).
// Field names are ASCII, and the only non-ASCII runes whose orbit holds an ASCII letter are U+017F LATIN SMALL
// LETTER LONG S (s, S) and U+212A KELVIN SIGN (k, K): so `"Bindſ"` sets Binds and `"Lin\u212As"` sets Links.

/** A key for comparing an ASCII field name with a JSON key the way Go does; equal keys mean "matches". */
export function foldKey(name: string): string {
  let out = '';
  for (const ch of name) {
    if (ch === '\u017f') out += 'S';
    else if (ch === '\u212a') out += 'K';
    else if (ch >= 'a' && ch <= 'z') out += ch.toUpperCase();
    else out += ch;
  }
  return out;
}
