// Calls the admin API with the session cookie; a failure becomes an ApiFailure carrying the server's code and where.
import { z } from 'zod';
import type { BodyPolicy } from '../../../shared/policy/body-policy.ts';
import type { CoverageCompareResponse } from '../../../shared/protocol/coverage.ts';
import type { HistoryResponse } from '../../../shared/protocol/history.ts';
import type { PolicyResponse, PutPolicyBody } from '../../../shared/protocol/policy.ts';
import type { CreateProfileBody, ProfilesResponse } from '../../../shared/protocol/profiles.ts';
import type { PutRedactionBody, RedactionResponse } from '../../../shared/protocol/redaction.ts';
import type { RulesResponse, RulesReview } from '../../../shared/protocol/rules.ts';
import type { PutScopeBody, ScopeResponse } from '../../../shared/protocol/scope.ts';
import type { PutSocketsBody, SocketsResponse } from '../../../shared/protocol/sockets.ts';
import type { ConfigImportResponse, ImportResponse } from '../../../shared/protocol/transfer.ts';
import type { Problem, Rule } from '../../../shared/rules/types.ts';
import {
  apiError,
  compareResponse,
  configImportResponse,
  historyResponse,
  importResponse,
  policyResponse,
  profilesResponse,
  redactionResponse,
  rulesResponse,
  rulesReview,
  scopeResponse,
  socketsResponse,
} from './parse.ts';

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
  init.headers = {
    Accept: 'application/json',
    ...(body ? { 'Content-Type': 'json' in body ? 'application/json' : 'text/plain' } : {}),
  };
  let res: Response;
  try {
    res = await fetch(`/api/${path}`, init);
  } catch (error) {
    throw new ApiFailure(
      0,
      'NETWORK',
      `doxy is not reachable (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const data: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const e = apiError.safeParse(data);
    if (!e.success) throw new ApiFailure(res.status, 'HTTP', `HTTP ${res.status}`);
    throw new ApiFailure(
      res.status,
      e.data.error.code,
      e.data.error.message,
      e.data.error.where ?? null,
      e.data.error.problems ?? [],
    );
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success)
    throw new ApiFailure(res.status, 'BAD_ANSWER', `unexpected answer from doxy: ${parsed.error.message}`);
  return parsed.data;
}

/** `?profile=NAME` (or `&` after an existing query); nothing for 'default', which the server assumes. */
export function profileQuery(profile: string, joiner: '?' | '&' = '?'): string {
  return profile === DEFAULT_PROFILE ? '' : `${joiner}profile=${encodeURIComponent(profile)}`;
}

export const DEFAULT_PROFILE = 'default';

/** `query` (`?a=b` or '') with one more `name=value` (or none when ''). */
function withQuery(query: string, more: string): string {
  if (more === '') return query;
  return `${query}${query === '' ? '?' : '&'}${more}`;
}

/** One side of a coverage comparison: a saved profile, or rules that are not saved (a draft, a preset, a file). */
export type CompareSide = { readonly profile: string } | { readonly rules: readonly Rule[]; readonly label?: string };

export const api = {
  rules: (profile: string): Promise<RulesResponse> => call('GET', `rules${profileQuery(profile)}`, rulesResponse),
  /** `confirm`: the user accepted that the save takes away most of what the profile grants, or the ping. */
  saveRules: (profile: string, basedOn: number, rules: readonly Rule[], confirm = false): Promise<RulesResponse> =>
    call('PUT', `rules${withQuery(profileQuery(profile), confirm ? 'confirm=1' : '')}`, rulesResponse, {
      json: { basedOn, rules },
    }),
  /** An unsaved draft's warnings and the risky operations it grants (root-equivalent, dangerous reads). */
  reviewRules: (profile: string, rules: readonly Rule[]): Promise<RulesReview> =>
    call('POST', `rules/review${profileQuery(profile)}`, rulesReview, { json: { rules } }),
  /** A rule file goes into the profile; a doxy-config file replaces every profile and socket. */
  importFile: (
    profile: string,
    text: string,
    name: string,
    options: { dryRun: true } | { dryRun: false; basedOn: number; confirm?: boolean },
  ): Promise<ImportResponse | ConfigImportResponse> => {
    const query = new URLSearchParams({
      name,
      ...(options.dryRun ? { dryRun: '1' } : { basedOn: String(options.basedOn) }),
      ...(!options.dryRun && options.confirm === true ? { confirm: '1' } : {}),
    });
    return call(
      'POST',
      `import?${query.toString()}${profileQuery(profile, '&')}`,
      z.union([importResponse, configImportResponse]),
      { text },
    );
  },
  history: (profile: string): Promise<HistoryResponse> =>
    call('GET', `history${profileQuery(profile)}`, historyResponse),
  restore: (profile: string, revision: number, basedOn: number, confirm = false): Promise<RulesResponse> =>
    call(
      'POST',
      `history/${revision}/restore${confirm ? '?confirm=1' : ''}${profileQuery(profile, confirm ? '&' : '?')}`,
      rulesResponse,
      { json: { basedOn } },
    ),
  policy: (profile: string): Promise<PolicyResponse> => call('GET', `policy${profileQuery(profile)}`, policyResponse),
  /** `policy` null removes it; saved only on top of `basedOn`, the revision it was edited from. */
  savePolicy: (profile: string, basedOn: number, policy: BodyPolicy | null): Promise<PolicyResponse> => {
    const body: PutPolicyBody = { basedOn, policy };
    return call('PUT', `policy${profileQuery(profile)}`, policyResponse, { json: body });
  },
  redaction: (profile: string): Promise<RedactionResponse> =>
    call('GET', `redaction${profileQuery(profile)}`, redactionResponse),
  saveRedaction: (profile: string, basedOn: number, redact: boolean): Promise<RedactionResponse> => {
    const body: PutRedactionBody = { basedOn, redact };
    return call('PUT', `redaction${profileQuery(profile)}`, redactionResponse, { json: body });
  },
  scope: (profile: string): Promise<ScopeResponse> => call('GET', `scope${profileQuery(profile)}`, scopeResponse),
  saveScope: (profile: string, basedOn: number, scoped: boolean): Promise<ScopeResponse> => {
    const body: PutScopeBody = { basedOn, scoped };
    return call('PUT', `scope${profileQuery(profile)}`, scopeResponse, { json: body });
  },
  profiles: (): Promise<ProfilesResponse> => call('GET', 'profiles', profilesResponse),
  createProfile: (body: CreateProfileBody): Promise<unknown> => call('POST', 'profiles', z.unknown(), { json: body }),
  deleteProfile: (name: string, basedOn: number): Promise<unknown> =>
    call('DELETE', `profiles/${encodeURIComponent(name)}?basedOn=${basedOn}`, z.unknown()),
  sockets: (): Promise<SocketsResponse> => call('GET', 'sockets', socketsResponse),
  saveSockets: (body: PutSocketsBody): Promise<SocketsResponse> =>
    call('PUT', 'sockets', socketsResponse, { json: body }),
  compare: (a: CompareSide, b: CompareSide): Promise<CoverageCompareResponse> =>
    'profile' in a && 'profile' in b
      ? call(
          'GET',
          `coverage/compare?${new URLSearchParams({ a: a.profile, b: b.profile }).toString()}`,
          compareResponse,
        )
      : call('POST', 'coverage/compare', compareResponse, { json: { a, b } }),
};

export function exportUrl(profile: string, format: 'json' | 'pattern' | 'config'): string {
  if (format === 'config') return '/api/export?format=config';
  return (
    (format === 'json' ? '/api/export' : '/api/export?format=pattern') +
    profileQuery(profile, format === 'json' ? '?' : '&')
  );
}
