// The scoping step of a scoped profile's request (see shared/scope): the target doxy forwards instead (the filters
// with the owner label, or the owned object by its full id), or the answer in place of the daemon's: 404 as for a
// missing object when the profile does not own it.
import type { CanonicalRequest } from '../../shared/rules/types.ts';
import { bodyVerdictMessage } from '../../shared/policy/check-body.ts';
import { readConnectBody } from '../../shared/scope/connect-body.ts';
import { createReferences } from '../../shared/scope/create-references.ts';
import { hideConflictingId, namesContainer } from '../../shared/scope/name-conflict.ts';
import { withOwnerFilter } from '../../shared/scope/owner-filter.ts';
import type { ScopeStep } from '../../shared/scope/scope-step.ts';
import type { Framing } from './framing.ts';
import { noSuchExecMessage, notFoundMessage, type Owners } from './owners.ts';
import type { Policing } from './police-body.ts';
import type { ResponseRewrite } from './rewrite-response.ts';

export type Scoped =
  | { readonly ok: true; readonly target: string }
  | { readonly ok: false; readonly status: number; readonly message: string };

/** Where `request` goes under `step` (a stamp or no step keeps its target). */
export async function scopedTarget(
  step: ScopeStep,
  request: CanonicalRequest,
  framing: Framing,
  profile: string,
  owners: Owners,
): Promise<Scoped> {
  const { method, path } = request;
  switch (step.kind) {
    case 'none':
    case 'stamp':
      return { ok: true, target: request.target };
    case 'refuse':
      return {
        ok: false,
        status: 403,
        message: `doxy: ${method} ${path} is denied: ${step.message} (profile ${profile})`,
      };
    case 'filter': {
      // A prune reads its filters from a form body before the query: one is never forwarded.
      if (framing.kind !== 'none')
        return {
          ok: false,
          status: 400,
          message: `doxy: ${method} ${path} is refused: a scoped profile sends it no body`,
        };
      const filtered = withOwnerFilter(request.query, profile);
      if (!filtered.ok)
        return { ok: false, status: 400, message: `doxy: ${method} ${path} is refused: ${filtered.message}` };
      const at = request.target.indexOf('?');
      return { ok: true, target: `${at === -1 ? request.target : request.target.slice(0, at)}?${filtered.query}` };
    }
    case 'owned': {
      const o = await owners.lookup(step.object, step.ref);
      if (!o.found) return { ok: false, status: o.status, message: o.message };
      if (o.owner !== profile) return { ok: false, status: 404, message: notFoundMessage(step.object, step.ref) };
      return { ok: true, target: step.target(o.id) };
    }
    case 'exec': {
      const e = await owners.execOf(step.ref);
      if (!e.found) return { ok: false, status: e.status, message: e.message };
      const o = e.container === '' ? null : await owners.lookup('container', e.container);
      // The exec's container is gone or another profile's: the exec is hidden as the daemon hides a missing one.
      if (o === null || !o.found || o.owner !== profile || e.id === '')
        return { ok: false, status: 404, message: noSuchExecMessage(step.ref) };
      return { ok: true, target: step.target(e.id) };
    }
  }
}

/** A network connect or disconnect body read for a scoped profile: forwarded naming its container by id if it owns it. */
export async function connectPolicing(
  p: Policing,
  request: CanonicalRequest,
  profile: string,
  owners: Owners,
): Promise<Policing> {
  if (p.kind !== 'forward') return p;
  const read = readConnectBody(p.body);
  if (!read.ok) {
    const message = bodyVerdictMessage(request.method, request.path, read, profile);
    return { kind: 'answer', status: read.status, field: read.field, message, close: false };
  }
  const o = read.container === '' ? null : await owners.lookup('container', read.container);
  if (o === null || !o.found || o.owner !== profile) {
    const status = o === null ? 400 : o.found ? 404 : o.status;
    const message =
      o === null
        ? `doxy: ${request.method} ${request.path} is refused: the body names no container`
        : o.found
          ? notFoundMessage('container', read.container)
          : o.message;
    return { kind: 'answer', status, field: 'Container', message, close: false };
  }
  return { kind: 'forward', body: Buffer.from(read.body(o.id), 'utf8') };
}

/**
 * A container create stamped for a scoped profile: forwarded only when every volume, network and container it names
 * is the profile's own. One that is missing gets the same refusal as another profile's, which stays hidden.
 */
export async function referencesPolicing(
  p: Policing,
  request: CanonicalRequest,
  profile: string,
  owners: Owners,
): Promise<Policing> {
  if (p.kind !== 'forward' || p.body.length === 0) return p;
  const refs = createReferences(p.body.toString('utf8'));
  const found = await Promise.all(refs.map((r) => owners.lookup(r.object, r.ref)));
  const bad = refs.find((_, i) => {
    const o = found[i];
    return !o?.found || o.owner !== profile;
  });
  if (bad === undefined) return p;
  const message = `doxy: ${request.method} ${request.path} is denied: ${bad.field} names the ${bad.object} ${JSON.stringify(bad.ref)}, which is not one of profile ${profile}'s (make it through the profile first)`;
  return { kind: 'answer', status: 403, field: bad.field, message, close: false };
}

/** A scoped profile's 409 to a container create or rename is read: it must not name another profile's container. */
const CONFLICT: ResponseRewrite = {
  why: 'doxy hides which container holds a name on a scoped profile',
  status: 409,
  apply: (text) => ({ ok: true, text: hideConflictingId(text) }),
};

/** The rewrite of a scoped profile's request answer, or null (see shared/scope/name-conflict.ts). */
export function conflictRewrite(request: Pick<CanonicalRequest, 'method' | 'path'>): ResponseRewrite | null {
  return namesContainer(request) ? CONFLICT : null;
}
