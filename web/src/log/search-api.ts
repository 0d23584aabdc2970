// GET /api/log/search: the query string (socket and profile filters included) the search form builds, the JSON answer, and the export links.
import { z } from 'zod';
import type { LogSearchResponse, Verdict } from '../../../shared/protocol/log.ts';
import { call } from '../api/client.ts';
import { logEntry } from '../api/parse.ts';

export interface SearchForm {
  /** A socket path or a profile name, 'all' for any. */
  readonly socket: string;
  readonly profile: string;
  /** datetime-local values (local time), '' for none. */
  readonly from: string;
  readonly to: string;
  readonly verdict: Verdict | 'all';
  readonly method: string;
  readonly text: string;
  readonly limit: number;
}

export const EMPTY_SEARCH: SearchForm = {
  socket: 'all',
  profile: 'all',
  from: '',
  to: '',
  verdict: 'all',
  method: 'all',
  text: '',
  limit: 200,
};

const searchResponse: z.ZodType<LogSearchResponse> = z.object({ entries: z.array(logEntry), limited: z.boolean() });

export function searchQuery(f: SearchForm, format?: 'json' | 'csv'): string {
  const q = new URLSearchParams();
  if (f.from) q.set('from', new Date(f.from).toISOString());
  if (f.to) q.set('to', new Date(f.to).toISOString());
  if (f.socket !== 'all') q.set('socket', f.socket);
  if (f.profile !== 'all') q.set('profile', f.profile);
  if (f.verdict !== 'all') q.set('verdict', f.verdict);
  if (f.method !== 'all') q.set('method', f.method);
  if (f.text.trim()) q.set('text', f.text.trim());
  q.set('limit', String(f.limit));
  if (format) q.set('format', format);
  return q.toString();
}

export const searchLog = (f: SearchForm): Promise<LogSearchResponse> =>
  call('GET', `log/search?${searchQuery(f)}`, searchResponse);
export const exportUrl = (f: SearchForm, format: 'json' | 'csv'): string => `/api/log/search?${searchQuery(f, format)}`;
