// Decodes a JSON tree into a schema the way Go's encoding/json (decode.go) does, so that doxy reads exactly what the
// daemon will: keys match fields case-insensitively (exact spelling first), a repeated key decodes INTO what the
// first one left (structs and maps merge, slice elements are decoded in place, even past the length a shorter
// array left), null sets pointers, slices and maps to nil and leaves anything else as it was, unknown keys are
// skipped, and a value of the wrong JSON type is an error (the daemon answers 400).
import { foldKey } from './go-fold.ts';
import type { JsonNode } from './json-text.ts';
import { OpaqueValue, type GoObject, type GoValue, type Schema, type StructSchema } from './go-schema.ts';

/** A value of the wrong type, or a part given twice that doxy cannot forward faithfully: the body is refused. */
export class DecodeError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

interface Resolved {
  readonly name: string;
  readonly schema: Schema;
  /** The pointer-embedded structs the field is reached through: Go allocates each when the key is seen. */
  readonly viaPointers: readonly string[];
}

interface FieldTable {
  readonly exact: ReadonlyMap<string, Resolved>;
  /** Folded name -> the first field in declaration order with that fold (Go's byFoldedName keeps the first). */
  readonly folded: ReadonlyMap<string, Resolved>;
}

const ALLOCATED = Symbol('pointer-embedded structs allocated');
type Mutable = { [key: string]: GoValue | undefined; [ALLOCATED]?: Set<string> };

/** Whether a key reached a field through the pointer-embedded struct `name` (so Go allocated it, even for null). */
export function embeddedAllocated(value: GoObject, name: string): boolean {
  return (value as Mutable)[ALLOCATED]?.has(name) ?? false;
}

const tables = new WeakMap<StructSchema, FieldTable>();

/** Go's typeFields: embedded fields promoted in declaration order; a shallower name hides deeper ones; names tied at
 * the same depth cancel out (Go's tag tie-break never arises in the Docker types described here). */
function fieldTable(schema: StructSchema): FieldTable {
  const cached = tables.get(schema);
  if (cached !== undefined) return cached;
  const all: (Resolved & { depth: number })[] = [];
  const walk = (s: StructSchema, depth: number, via: readonly string[]): void => {
    for (const f of s.fields) {
      if ('name' in f) all.push({ name: f.name, schema: f.schema, viaPointers: via, depth });
      else walk(f.struct, depth + 1, f.pointer ? [...via, f.embed] : via);
    }
  };
  walk(schema, 0, []);
  const kept = all.filter((f) => {
    const same = all.filter((g) => g.name === f.name);
    const top = Math.min(...same.map((g) => g.depth));
    return f.depth === top && same.filter((g) => g.depth === top).length === 1;
  });
  const exact = new Map(kept.map((f) => [f.name, f]));
  const folded = new Map<string, Resolved>();
  for (const f of kept) if (!folded.has(foldKey(f.name))) folded.set(foldKey(f.name), f);
  const table = { exact, folded };
  tables.set(schema, table);
  return table;
}

/** The fields of a struct as Go promotes them, in declaration order: what the serialiser writes. */
export function promotedFields(schema: StructSchema): readonly { name: string; schema: Schema }[] {
  const t = fieldTable(schema);
  return [...t.exact.values()];
}

/** Elements a shorter array left behind past a slice's length; Go decodes the next longer array into them. */
const stale = new WeakMap<readonly GoValue[], readonly (GoValue | undefined)[]>();

export function zeroOf(schema: Schema): GoValue {
  switch (schema.kind) {
    case 'bool':
      return false;
    case 'int':
      return 0n;
    case 'string':
      return '';
    case 'struct':
      return {};
    case 'array':
      return Array.from({ length: schema.length }, () => zeroOf(schema.of));
    default:
      return null;
  }
}

function describe(node: JsonNode): string {
  return node.kind === 'bool'
    ? 'a boolean'
    : node.kind === 'array'
      ? 'an array'
      : `${/^[aeiou]/.test(node.kind) ? 'an' : 'a'} ${node.kind}`;
}

function expected(schema: Schema): string {
  switch (schema.kind) {
    case 'bool':
      return 'a boolean';
    case 'int':
      return `${schema.unsigned ? 'an unsigned' : 'an'} integer of ${schema.bits} bits`;
    case 'string':
      return 'a string';
    case 'strslice':
      return 'a string or an array of strings';
    case 'slice':
    case 'array':
      return 'an array';
    case 'ptr':
      return expected(schema.to);
    default:
      return 'an object';
  }
}

export function fieldPath(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

class Decoder {
  readonly unknown: string[] = [];
  constructor(readonly text: string) {}

  mismatch(node: JsonNode, schema: Schema, path: string): never {
    throw new DecodeError(
      path,
      `${path || 'the body'} is ${describe(node)} where the daemon reads ${expected(schema)}`,
    );
  }

  value(node: JsonNode, schema: Schema, current: GoValue | undefined, path: string): GoValue | undefined {
    switch (schema.kind) {
      case 'opaque':
        if (current !== undefined) throw new DecodeError(path, `${path} is given twice`);
        return new OpaqueValue(this.text.slice(node.start, node.end));
      case 'ptr':
        if (node.kind === 'null') return null;
        return this.value(node, schema.to, current === null ? undefined : current, path);
      case 'bool':
        if (node.kind === 'null') return current;
        if (node.kind !== 'bool') this.mismatch(node, schema, path);
        return node.value;
      case 'string':
        if (node.kind === 'null') return current;
        if (node.kind !== 'string') this.mismatch(node, schema, path);
        return node.value;
      case 'int':
        return node.kind === 'null' ? current : this.integer(node, schema, path);
      case 'strslice':
        return this.strslice(node, path);
      case 'slice':
        if (node.kind === 'null') return null;
        if (node.kind !== 'array') this.mismatch(node, schema, path);
        return this.slice(node.items, schema.of, Array.isArray(current) ? current : null, path);
      case 'array':
        if (node.kind === 'null') return current;
        if (node.kind !== 'array') this.mismatch(node, schema, path);
        return Array.from({ length: schema.length }, (_, i) => {
          const item = node.items[i];
          const before = Array.isArray(current) ? current[i] : undefined;
          return item === undefined
            ? zeroOf(schema.of)
            : (this.value(item, schema.of, before, `${path}[${i}]`) ?? zeroOf(schema.of));
        });
      case 'map':
        if (node.kind === 'null') return null;
        if (node.kind !== 'object') this.mismatch(node, schema, path);
        return this.map(node.members, schema.of, current, path);
      case 'struct':
        if (node.kind === 'null') return current;
        if (node.kind !== 'object') this.mismatch(node, schema, path);
        return this.struct(node.members, schema, current, path);
    }
  }

  integer(node: JsonNode, schema: Schema & { kind: 'int' }, path: string): bigint {
    // strconv.ParseInt / ParseUint in base 10: no fraction, no exponent, and no sign at all for an unsigned type.
    if (node.kind !== 'number') this.mismatch(node, schema, path);
    if (!(schema.unsigned ? /^[0-9]+$/ : /^-?[0-9]+$/).test(node.text))
      throw new DecodeError(path, `${path} is ${node.text}, not ${expected(schema)}`);
    const n = BigInt(node.text);
    const min = schema.unsigned ? 0n : -(1n << BigInt(schema.bits - 1));
    const max = schema.unsigned ? (1n << BigInt(schema.bits)) - 1n : (1n << BigInt(schema.bits - 1)) - 1n;
    if (n < min || n > max)
      throw new DecodeError(path, `${path} is ${node.text}, out of range for ${expected(schema)}`);
    return n;
  }

  /** StrSlice.UnmarshalJSON: a fresh slice each time (no merging); null elements are "" (json.Unmarshal into a new []string). */
  strslice(node: JsonNode, path: string): GoValue {
    if (node.kind === 'null') return null;
    if (node.kind === 'string') return [node.value];
    if (node.kind !== 'array') this.mismatch(node, { kind: 'strslice' }, path);
    return node.items.map((item, i) => {
      if (item.kind === 'null') return '';
      if (item.kind !== 'string') this.mismatch(item, { kind: 'string' }, `${path}[${i}]`);
      return item.value;
    });
  }

  slice(items: readonly JsonNode[], of: Schema, current: readonly GoValue[] | null, path: string): GoValue {
    // decode.go array(): element i is decoded into the slice's backing array in place; the length is then cut to the
    // number of elements; an empty array makes a new, empty slice.
    if (items.length === 0) return [];
    const backing: (GoValue | undefined)[] = current === null ? [] : [...current, ...(stale.get(current) ?? [])];
    items.forEach((item, i) => {
      backing[i] = this.value(item, of, backing[i], `${path}[${i}]`);
    });
    const out = backing.slice(0, items.length).map((v) => v ?? zeroOf(of));
    const rest = backing.slice(items.length);
    if (rest.length > 0) stale.set(out, rest);
    return out;
  }

  map(
    members: readonly { key: string; value: JsonNode }[],
    of: Schema,
    current: GoValue | undefined,
    path: string,
  ): GoValue {
    // A map element is decoded into a fresh zero value each time: a repeated key replaces, it does not merge.
    const out: Mutable =
      typeof current === 'object' && current !== null && !Array.isArray(current)
        ? (current as Mutable)
        : Object.create(null);
    for (const m of members)
      out[m.key] = this.value(m.value, of, undefined, `${path}[${JSON.stringify(m.key)}]`) ?? zeroOf(of);
    return out;
  }

  struct(
    members: readonly { key: string; value: JsonNode }[],
    schema: StructSchema,
    current: GoValue | undefined,
    path: string,
  ): GoValue {
    const table = fieldTable(schema);
    const out: Mutable =
      typeof current === 'object' && current !== null && !Array.isArray(current) ? (current as Mutable) : {};
    for (const m of members) {
      const f = table.exact.get(m.key) ?? table.folded.get(foldKey(m.key));
      if (f === undefined) {
        this.unknown.push(fieldPath(path, m.key));
        continue;
      }
      if (f.viaPointers.length > 0) {
        const set = (out[ALLOCATED] ??= new Set());
        for (const name of f.viaPointers) set.add(name);
      }
      const v = this.value(m.value, f.schema, out[f.name], fieldPath(path, f.name));
      if (v !== undefined) out[f.name] = v;
    }
    return out;
  }
}

export type DecodeResult =
  | { readonly ok: true; readonly value: GoValue | undefined; readonly unknown: readonly string[] }
  | { readonly ok: false; readonly path: string; readonly message: string };

/** Decodes a parsed body into a schema; `text` is the body the tree was read from (opaque parts keep their text). */
export function goDecode(node: JsonNode, schema: Schema, text: string): DecodeResult {
  const decoder = new Decoder(text);
  try {
    const value = decoder.value(node, schema, undefined, '');
    return { ok: true, value, unknown: decoder.unknown };
  } catch (error) {
    if (error instanceof DecodeError) return { ok: false, path: error.path, message: error.message };
    throw error;
  }
}
