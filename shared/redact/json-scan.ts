// A cursor over JSON text already known to be valid (JSON.parse accepted it): steps into the members and items it is
// asked for and skips every other value without building it, so that finding a few fields in a large answer costs
// about one pass over its bytes. It checks shapes, not syntax.

/** The value at the cursor is not of the kind expected; `where` is a JSON pointer. */
export class ShapeError extends Error {}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;

export class JsonCursor {
  i = 0;
  constructor(readonly text: string) {}

  /** The code of the character at the cursor, after whitespace. */
  peek(): number {
    const t = this.text;
    let c = t.charCodeAt(this.i);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = t.charCodeAt(++this.i);
    return c;
  }

  isNull(): boolean {
    return this.peek() === 0x6e; // n
  }

  /** Moves past the string at the cursor; returns where it started (at its quote). */
  skipString(): number {
    const t = this.text;
    const start = this.i;
    let j = start + 1;
    for (;;) {
      const k = t.indexOf('"', j);
      let slashes = 0;
      while (t.charCodeAt(k - 1 - slashes) === BACKSLASH) slashes++;
      j = k + 1;
      if (slashes % 2 === 0) break;
    }
    this.i = j;
    return start;
  }

  /** The string at the cursor, decoded, and moves past it. */
  readString(): string {
    const start = this.skipString();
    const raw = this.text.slice(start + 1, this.i - 1);
    return raw.includes('\\') ? (JSON.parse(this.text.slice(start, this.i)) as string) : raw;
  }

  /** Moves past the value at the cursor, whatever it is. */
  skipValue(): void {
    const t = this.text;
    const c = this.peek();
    if (c === QUOTE) {
      this.skipString();
      return;
    }
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      let depth = 0;
      for (;;) {
        const d = t.charCodeAt(this.i);
        if (d === QUOTE) {
          this.skipString();
          continue;
        }
        this.i++;
        if (d === OPEN_OBJECT || d === OPEN_ARRAY) depth++;
        else if ((d === CLOSE_OBJECT || d === CLOSE_ARRAY) && --depth === 0) return;
      }
    }
    // A number, true, false or null: up to the next delimiter.
    for (;;) {
      const d = t.charCodeAt(this.i);
      if (d === COMMA || d === CLOSE_OBJECT || d === CLOSE_ARRAY || d <= 0x20 || Number.isNaN(d)) return;
      this.i++;
    }
  }

  /** Calls `item` with the cursor on each item of the array at the cursor (it must move past it), then moves past `]`. */
  eachItem(where: string, item: (index: number) => void): void {
    if (this.peek() !== OPEN_ARRAY) throw new ShapeError(`${where || 'the answer'} is not a list`);
    this.i++;
    if (this.peek() === CLOSE_ARRAY) {
      this.i++;
      return;
    }
    for (let n = 0; ; n++) {
      this.peek();
      item(n);
      const c = this.peek();
      this.i++;
      if (c === CLOSE_ARRAY) return;
    }
  }

  /** Calls `member` with each key and the cursor on its value (it must move past it), then moves past `}`. */
  eachMember(where: string, member: (key: string) => void): void {
    if (this.peek() !== OPEN_OBJECT) throw new ShapeError(`${where || 'the answer'} is not an object`);
    this.i++;
    if (this.peek() === CLOSE_OBJECT) {
      this.i++;
      return;
    }
    for (;;) {
      this.peek();
      const key = this.readString();
      this.peek(); // the colon
      this.i++;
      this.peek();
      member(key);
      const c = this.peek();
      this.i++;
      if (c === CLOSE_OBJECT) return;
    }
  }

  isString(): boolean {
    return this.peek() === QUOTE;
  }
}
