// Places the server's refusal of a socket list next to the field it points at (`/sockets/2/mode`), the rest above the table.
import { SOCKET_FIELDS } from '../../../shared/profiles/configuration.ts';
import type { ApiFailure } from '../api/client.ts';

export type SocketField = (typeof SOCKET_FIELDS)[number];

export interface PlacedErrors {
  /** Row index, then field ('' for the row as a whole), then message. */
  readonly rows: ReadonlyMap<number, ReadonlyMap<SocketField | '', string>>;
  /** Messages that point at no row. */
  readonly general: readonly string[];
}

const FIELDS: readonly string[] = SOCKET_FIELDS;
const POINTER = /^\/sockets\/(\d+)(?:\/(\w+))?/;

export function placeErrors(failure: ApiFailure): PlacedErrors {
  const problems =
    failure.problems.length > 0 ? failure.problems : [{ where: failure.where ?? '', message: failure.message }];
  const rows = new Map<number, Map<SocketField | '', string>>();
  const general: string[] = [];
  for (const p of problems) {
    const m = POINTER.exec(p.where);
    if (!m) {
      general.push(p.where && failure.problems.length > 0 ? `${p.where}: ${p.message}` : p.message);
      continue;
    }
    const field = m[2] !== undefined && FIELDS.includes(m[2]) ? (m[2] as SocketField) : '';
    const row = rows.get(Number(m[1])) ?? new Map<SocketField | '', string>();
    if (!row.has(field)) row.set(field, p.message);
    rows.set(Number(m[1]), row);
  }
  return { rows, general };
}

export const NO_ERRORS: PlacedErrors = { rows: new Map(), general: [] };
