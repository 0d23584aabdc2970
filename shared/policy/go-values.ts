// Reading decoded values without caring whether a field was set: an absent field is Go's zero value.
import { isObject, type GoValue } from './go-schema.ts';

export function get(v: GoValue | undefined, name: string): GoValue | undefined {
  return isObject(v) ? v[name] : undefined;
}

export function text(v: GoValue | undefined): string {
  return typeof v === 'string' ? v : '';
}

export function items(v: GoValue | undefined): readonly GoValue[] {
  return Array.isArray(v) ? v : [];
}

/** A map's entries (a nil or absent map has none). */
export function entries(v: GoValue | undefined): readonly [string, GoValue][] {
  return isObject(v)
    ? Object.entries(v).flatMap(([k, x]) => (x === undefined ? [] : [[k, x] as [string, GoValue]]))
    : [];
}

export function isTrue(v: GoValue | undefined): boolean {
  return v === true;
}
