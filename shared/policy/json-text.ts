// Reads JSON text into a tree that keeps what JSON.parse throws away: every duplicate key, in order, and where each
// value starts and ends. Accepts exactly the grammar Go's encoding/json scanner accepts (RFC 8259, nothing more).

export type JsonNode =
  | { readonly kind: 'object'; readonly members: readonly JsonMember[]; readonly start: number; readonly end: number }
  | { readonly kind: 'array'; readonly items: readonly JsonNode[]; readonly start: number; readonly end: number }
  | { readonly kind: 'string'; readonly value: string; readonly start: number; readonly end: number }
  | { readonly kind: 'number'; readonly text: string; readonly start: number; readonly end: number }
  | { readonly kind: 'bool'; readonly value: boolean; readonly start: number; readonly end: number }
  | { readonly kind: 'null'; readonly start: number; readonly end: number };

export interface JsonMember {
  readonly key: string;
  readonly value: JsonNode;
}

/** Deeper than any body a Docker client sends; keeps the recursion far from the stack's limit. */
export const MAX_JSON_DEPTH = 100;

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly index: number,
  ) {
    super(`${message} at index ${index}`);
  }
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;
/** A run of string characters that need no attention: not a quote, a backslash or a control character. */
const PLAIN = /[^"\\\u0000-\u001f]+/y;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class Reader {
  i = 0;
  constructor(readonly text: string) {}

  skip(): void {
    WHITESPACE.lastIndex = this.i;
    WHITESPACE.exec(this.text);
    this.i = WHITESPACE.lastIndex;
  }

  fail(message: string): never {
    throw new JsonSyntaxError(message, this.i);
  }

  value(depth: number): JsonNode {
    if (depth > MAX_JSON_DEPTH) this.fail(`nested deeper than ${MAX_JSON_DEPTH} levels`);
    this.skip();
    const start = this.i;
    const c = this.text[this.i];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return { kind: 'string', value: this.string(), start, end: this.i };
    for (const [word, node] of [
      ['true', { kind: 'bool', value: true }],
      ['false', { kind: 'bool', value: false }],
      ['null', { kind: 'null' }],
    ] as const) {
      if (this.text.startsWith(word, this.i)) {
        this.i += word.length;
        return { ...node, start, end: this.i };
      }
    }
    NUMBER.lastIndex = this.i;
    const m = NUMBER.exec(this.text);
    if (m === null)
      this.fail(c === undefined ? 'unexpected end of input' : `unexpected character ${JSON.stringify(c)}`);
    this.i = NUMBER.lastIndex;
    return { kind: 'number', text: m[0], start, end: this.i };
  }

  object(depth: number): JsonNode {
    const start = this.i++;
    const members: JsonMember[] = [];
    this.skip();
    if (this.text[this.i] === '}') return { kind: 'object', members, start, end: ++this.i };
    for (;;) {
      this.skip();
      if (this.text[this.i] !== '"') this.fail('expected a string key');
      const key = this.string();
      this.skip();
      if (this.text[this.i] !== ':') this.fail('expected ":"');
      this.i++;
      members.push({ key, value: this.value(depth + 1) });
      this.skip();
      const c = this.text[this.i++];
      if (c === '}') return { kind: 'object', members, start, end: this.i };
      if (c !== ',') this.fail('expected "," or "}"');
    }
  }

  array(depth: number): JsonNode {
    const start = this.i++;
    const items: JsonNode[] = [];
    this.skip();
    if (this.text[this.i] === ']') return { kind: 'array', items, start, end: ++this.i };
    for (;;) {
      items.push(this.value(depth + 1));
      this.skip();
      const c = this.text[this.i++];
      if (c === ']') return { kind: 'array', items, start, end: this.i };
      if (c !== ',') this.fail('expected "," or "]"');
    }
  }

  /** A string literal; `\u` escapes that are not a valid surrogate pair become U+FFFD, as Go decodes them. */
  string(): string {
    this.i++;
    let out = '';
    for (;;) {
      const c = this.text[this.i];
      if (c === undefined) this.fail('unterminated string');
      if (c === '"') {
        this.i++;
        return out;
      }
      if (c !== '\\') {
        PLAIN.lastIndex = this.i;
        const run = PLAIN.exec(this.text)?.[0] ?? '';
        if (run === '') this.fail(`control character 0x${c.charCodeAt(0).toString(16).padStart(2, '0')} in a string`);
        out += run;
        this.i += run.length;
        continue;
      }
      const e = this.text[this.i + 1] ?? '';
      if (e !== 'u') {
        const plain = ESCAPES[e];
        if (plain === undefined) this.fail(`bad escape "\\${e}"`);
        out += plain;
        this.i += 2;
        continue;
      }
      const unit = this.hex4(this.i);
      this.i += 6;
      if (unit < 0xd800 || unit > 0xdfff) {
        out += String.fromCharCode(unit);
        continue;
      }
      // Go takes a high surrogate followed by an escaped low one as a pair, and anything else as U+FFFD, leaving the
      // next escape to be read on its own.
      const next = unit < 0xdc00 && this.text.startsWith('\\u', this.i) ? this.hex4(this.i) : -1;
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += String.fromCharCode(unit, next);
        this.i += 6;
      } else {
        out += '\ufffd';
      }
    }
  }

  hex4(at: number): number {
    const hex = this.text.slice(at + 2, at + 6);
    if (!/^[0-9A-Fa-f]{4}$/.test(hex)) this.fail('bad \\u escape');
    return parseInt(hex, 16);
  }
}

/** Parses one JSON value filling the whole text (whitespace around it allowed); throws JsonSyntaxError otherwise. */
export function readJson(text: string): JsonNode {
  const reader = new Reader(text);
  const node = reader.value(0);
  reader.skip();
  if (reader.i !== text.length) reader.fail('content after the JSON value');
  return node;
}
