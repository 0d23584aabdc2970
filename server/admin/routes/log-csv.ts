// Log entries as CSV (RFC 4180), safe to open in a spreadsheet: a cell that would start a formula is quoted as text.
import type { LogEntry } from '../../../shared/protocol/log.ts';

export const CSV_COLUMNS = [
  'id',
  'time',
  'socket',
  'profile',
  'method',
  'path',
  'status',
  'verdict',
  'wouldDeny',
  'ruleId',
  'reason',
  'durationMs',
  'bytes',
  'kind',
  'client',
  'clientCn',
] as const;

function cell(value: unknown): string {
  let text = value === undefined || value === null ? '' : String(value);
  // A path or reason comes from a client: "=cmd|..." must not become a formula.
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(entries: readonly LogEntry[]): string {
  const rows = entries.map((e) =>
    CSV_COLUMNS.map((c) =>
      cell(c === 'wouldDeny' ? (e.wouldDeny ?? false) : c === 'durationMs' ? e.durationMs.toFixed(3) : e[c]),
    ).join(','),
  );
  return `${[CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}
