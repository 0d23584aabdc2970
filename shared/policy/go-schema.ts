// A description of the Go types the daemon decodes a body into, and the values doxy decodes them to: enough of Go's
// type system to reproduce what encoding/json does with a body (see go-decode.ts), and nothing else.

export type Schema =
  | { readonly kind: 'bool' }
  | { readonly kind: 'int'; readonly bits: 8 | 16 | 32 | 64; readonly unsigned: boolean }
  | { readonly kind: 'string' }
  /** Docker's strslice.StrSlice: a JSON string or an array of strings, decoded by its own UnmarshalJSON. */
  | { readonly kind: 'strslice' }
  | { readonly kind: 'slice'; readonly of: Schema }
  /** A fixed-length Go array, e.g. `[2]uint`. */
  | { readonly kind: 'array'; readonly of: Schema; readonly length: number }
  | { readonly kind: 'map'; readonly of: Schema }
  | { readonly kind: 'ptr'; readonly to: Schema }
  | StructSchema
  /** A part no constraint reads: kept as the client's text and forwarded as is (see OpaqueValue). */
  | { readonly kind: 'opaque' };

export interface StructSchema {
  readonly kind: 'struct';
  readonly fields: readonly Field[];
}

/** A named field, or an embedded struct whose fields Go promotes into the outer object. */
export type Field =
  | { readonly name: string; readonly schema: Schema }
  | { readonly embed: string; readonly pointer: boolean; readonly struct: StructSchema };

/**
 * A decoded value. Structs and maps are objects (maps with a null prototype), slices and arrays are arrays, Go
 * integers are bigints (int64 does not fit a double), nil is null. A struct field that no key set is absent: it
 * holds Go's zero value.
 */
export type GoValue = boolean | bigint | string | null | readonly GoValue[] | GoObject | OpaqueValue;

export interface GoObject {
  readonly [key: string]: GoValue | undefined;
}

/** The client's own text of a part no constraint reads; the daemon reads it however it likes, nothing depends on it. */
export class OpaqueValue {
  constructor(readonly raw: string) {}
}

export const bool: Schema = { kind: 'bool' };
export const string: Schema = { kind: 'string' };
export const int: Schema = { kind: 'int', bits: 64, unsigned: false };
export const uint16: Schema = { kind: 'int', bits: 16, unsigned: true };
export const uint32: Schema = { kind: 'int', bits: 32, unsigned: true };
export const uint64: Schema = { kind: 'int', bits: 64, unsigned: true };
export const strslice: Schema = { kind: 'strslice' };
export const opaque: Schema = { kind: 'opaque' };

export function slice(of: Schema): Schema {
  return { kind: 'slice', of };
}
export function map(of: Schema): Schema {
  return { kind: 'map', of };
}
export function ptr(to: Schema): Schema {
  return { kind: 'ptr', to };
}
export function array(of: Schema, length: number): Schema {
  return { kind: 'array', of, length };
}
export const strings = slice(string);
export const stringMap = map(string);

/** A struct from `{Name: schema}` in declaration order; `embed(...)` entries promote another struct's fields. */
export function struct(...parts: readonly (Record<string, Schema> | Field)[]): StructSchema {
  const fields: Field[] = [];
  for (const part of parts) {
    if ('embed' in part && typeof part.embed === 'string') fields.push(part as Field);
    else for (const [name, schema] of Object.entries(part as Record<string, Schema>)) fields.push({ name, schema });
  }
  return { kind: 'struct', fields };
}

export function embed(name: string, target: StructSchema, pointer = false): Field {
  return { embed: name, pointer, struct: target };
}

/** `struct{}`: Go ignores every key of the object, doxy reports them as unknown. */
export const emptyStruct = struct();

export function isObject(v: GoValue | undefined): v is GoObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof OpaqueValue);
}
