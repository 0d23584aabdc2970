// Writes a decoded value back as JSON that Go decodes to exactly that value: canonical field names, each key once,
// struct fields in declaration order, map keys sorted. This text, not the client's, is what doxy forwards.
import { promotedFields, zeroOf } from './go-decode.ts';
import { OpaqueValue, isObject, type GoValue, type Schema } from './go-schema.ts';

export function goEncode(schema: Schema, value: GoValue | undefined): string {
  const v = value === undefined ? zeroOf(schema) : value;
  if (v === null) return 'null';
  if (v instanceof OpaqueValue) return v.raw;
  switch (schema.kind) {
    case 'opaque':
      throw new Error('an opaque part without its text');
    case 'ptr':
      return goEncode(schema.to, v);
    case 'bool':
    case 'int':
    case 'string':
      return typeof v === 'bigint' ? v.toString() : JSON.stringify(v);
    case 'strslice':
    case 'slice':
    case 'array': {
      const of = schema.kind === 'strslice' ? ({ kind: 'string' } as const) : schema.of;
      if (!Array.isArray(v)) throw new Error(`not a list: ${String(v)}`);
      return `[${v.map((item: GoValue) => goEncode(of, item)).join(',')}]`;
    }
    case 'map': {
      if (!isObject(v)) throw new Error('not a map');
      const keys = Object.keys(v).sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${goEncode(schema.of, v[k])}`).join(',')}}`;
    }
    case 'struct': {
      if (!isObject(v)) throw new Error('not a struct');
      const parts = promotedFields(schema)
        .filter((f) => v[f.name] !== undefined)
        .map((f) => `${JSON.stringify(f.name)}:${goEncode(f.schema, v[f.name])}`);
      return `{${parts.join(',')}}`;
    }
  }
}
