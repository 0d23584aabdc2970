// Calls the admin API with the session cookie; a failure becomes an ApiFailure carrying the server's code and where.
import type { z } from 'zod';
import type { HistoryResponse, ImportResponse, RulesResponse } from '../../../shared/protocol.ts';
import type { Problem, Rule } from '../../../shared/rules/types.ts';
import { apiError, historyResponse, importResponse, rulesResponse } from './parse.ts';

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly where: string | null = null,
    readonly problems: readonly Problem[] = [],
  ) {
    super(message);
  }
}

type Body = { json: unknown } | { text: string };

export async function call<T>(method: string, path: string, schema: z.ZodType<T>, body?: Body): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: {} };
  if (body && 'json' in body) init.body = JSON.stringify(body.json);
  if (body && 'text' in body) init.body = body.text;
  init.headers = { Accept: 'application/json', ...(body ? { 'Content-Type': 'json' in body ? 'application/json' : 'text/plain' } : {}) };
  let res: Response;
  try {
    res = await fetch(`/api/${path}`, init);
  } catch (error) {
    throw new ApiFailure(0, 'NETWORK', `doxy is not reachable (${error instanceof Error ? error.message : String(error)})`);
  }
  const data: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const e = apiError.safeParse(data);
    if (!e.success) throw new ApiFailure(res.status, 'HTTP', `HTTP ${res.status}`);
    throw new ApiFailure(res.status, e.data.error.code, e.data.error.message, e.data.error.where ?? null, e.data.error.problems ?? []);
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new ApiFailure(res.status, 'BAD_ANSWER', `unexpected answer from doxy: ${parsed.error.message}`);
  return parsed.data;
}

export const api = {
  rules: (): Promise<RulesResponse> => call('GET', 'rules', rulesResponse),
  saveRules: (basedOn: number, rules: readonly Rule[]): Promise<RulesResponse> => call('PUT', 'rules', rulesResponse, { json: { basedOn, rules } }),
  importFile: (text: string, name: string, options: { dryRun: true } | { dryRun: false; basedOn: number }): Promise<ImportResponse> => {
    const query = new URLSearchParams({ name, ...(options.dryRun ? { dryRun: '1' } : { basedOn: String(options.basedOn) }) });
    return call('POST', `import?${query.toString()}`, importResponse, { text });
  },
  history: (): Promise<HistoryResponse> => call('GET', 'history', historyResponse),
  restore: (revision: number, basedOn: number): Promise<RulesResponse> => call('POST', `history/${revision}/restore`, rulesResponse, { json: { basedOn } }),
};

export function exportUrl(format: 'json' | 'pattern'): string {
  return format === 'json' ? '/api/export' : '/api/export?format=pattern';
}
