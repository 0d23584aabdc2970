// The body policy step, between decide() and the forwarder: for a policed operation on a profile with a policy, the
// body is read (bounded), judged by the shared checkBody(), and either answered (403/400, nothing forwarded) or
// replaced by the text doxy checked, which the forwarder sends with its own Content-Length.
import type { IncomingMessage } from 'node:http';
import type { BodyPolicy } from '../../shared/policy/body-policy.ts';
import { bodyVerdictMessage, checkBody, MAX_POLICED_BODY_BYTES } from '../../shared/policy/check-body.ts';
import {
  isLibpodWrite,
  LIBPOD_BODY_UNREAD,
  policedRequest,
  type PolicedRequest,
} from '../../shared/policy/operations.ts';
import type { CanonicalRequest } from '../../shared/rules/types.ts';
import { stampOwner, type OwnedObject } from '../../shared/scope/owner-label.ts';
import type { Framing } from './framing.ts';

type Read =
  { readonly kind: 'read'; readonly bytes: Buffer } | { readonly kind: 'too-large' } | { readonly kind: 'gone' };

const EMPTY = Buffer.alloc(0);

/**
 * Reads the whole body, or stops at `limit` bytes (not buffering more); 'gone' when the request ends unfinished.
 * `askForBody` (a client that sent `Expect: 100-continue`) is called only when the body is to be read.
 */
function readBody(
  req: IncomingMessage,
  framing: Framing,
  limit: number,
  askForBody: (() => void) | null,
): Promise<Read> {
  if (framing.kind === 'none') return Promise.resolve({ kind: 'read', bytes: EMPTY });
  if (framing.kind === 'length' && framing.length > limit) return Promise.resolve({ kind: 'too-large' });
  askForBody?.();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (r: Read): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onGone);
      req.off('error', onGone);
      resolve(r);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        done({ kind: 'too-large' });
      } else chunks.push(chunk);
    };
    const onEnd = (): void => done({ kind: 'read', bytes: Buffer.concat(chunks, size) });
    const onGone = (): void => done({ kind: 'gone' });
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('close', onGone);
    req.once('error', onGone);
  });
}

/** What to do with a policed request: forward `body` in place of the client's, answer a refusal, or nothing (gone). */
export type Policing =
  | { readonly kind: 'forward'; readonly body: Buffer }
  | {
      readonly kind: 'answer';
      /** 400 or 403 from the body policy or the owner stamp; a scoped connect's container may answer as the daemon does (404). */
      readonly status: number;
      /** The canonical field that decided ('' for the body as a whole). */
      readonly field: string;
      readonly message: string;
      /** The body was not read to its end: the connection cannot carry another request. */
      readonly close: boolean;
    }
  | { readonly kind: 'gone' };

/**
 * Reads and judges the body of `policed` under `policy`; `profile` names the profile in the refusal. With no policy
 * (learn mode reads the body to propose one, scoping to stamp it) the body is forwarded exactly as read, only bounded
 * in size.
 */
export async function policeBody(
  req: IncomingMessage,
  request: CanonicalRequest,
  framing: Framing,
  policed: PolicedRequest | null,
  policy: BodyPolicy | null,
  profile: string,
  askForBody: (() => void) | null,
): Promise<Policing> {
  const read = await readBody(req, framing, MAX_POLICED_BODY_BYTES, askForBody);
  if (read.kind === 'gone') return { kind: 'gone' };
  if (read.kind === 'too-large') {
    const why = policy === null && policed !== null ? ' (learn mode reads it to propose a body policy)' : '';
    const verdict = {
      ok: false,
      status: 400,
      field: '',
      message: `the body is over ${MAX_POLICED_BODY_BYTES} bytes${why}`,
    } as const;
    const message = bodyVerdictMessage(request.method, request.path, verdict, profile);
    return { kind: 'answer', status: 400, field: '', message, close: true };
  }
  if (policy === null || policed === null) return { kind: 'forward', body: read.bytes };
  const verdict = checkBody(policed, read.bytes, policy);
  if (verdict.ok) return { kind: 'forward', body: Buffer.from(verdict.body, 'utf8') };
  const message = bodyVerdictMessage(request.method, request.path, verdict, profile);
  return { kind: 'answer', status: verdict.status, field: verdict.field, message, close: false };
}

/**
 * The policed operation `request` is and the policy that bounds it (null: none, but `learning` wants its body read to
 * propose one), or null when its body is not read: not a policed operation (the profile's policy is then not even
 * looked up), or a profile without a policy outside learn mode.
 */
export function policing(
  request: CanonicalRequest,
  profile: string,
  policies: ((profile: string) => BodyPolicy | null) | undefined,
  learning: () => boolean = () => false,
): { readonly policed: PolicedRequest; readonly policy: BodyPolicy | null } | null {
  const policed = policies ? policedRequest(request) : null;
  if (!policed || !policies) return null;
  const policy = policies(profile);
  return policy || learning() ? { policed, policy } : null;
}

/** Why an upgrade request for a policed operation is refused: the hijack path streams its body unread. */
export function policedUpgradeMessage(request: CanonicalRequest): string {
  const verdict = {
    ok: false,
    status: 400,
    field: '',
    message: 'a policed operation cannot ask to upgrade the connection (its body would reach the daemon unread)',
  } as const;
  return bodyVerdictMessage(request.method, request.path, verdict, '');
}

/** A body read (and policed) for a scoped profile's create, with the owner label stamped in (see shared/scope). */
export function stamped(p: Policing, object: OwnedObject, request: CanonicalRequest, profile: string): Policing {
  if (p.kind !== 'forward') return p;
  const verdict = stampOwner(object, p.body, profile);
  if (verdict.ok) return { kind: 'forward', body: Buffer.from(verdict.body, 'utf8') };
  const message = bodyVerdictMessage(request.method, request.path, verdict, profile);
  return { kind: 'answer', status: verdict.status, field: verdict.field, message, close: false };
}

/**
 * A libpod write that carries a body, on a profile with a body policy: denied unread (LIBPOD_BODY_UNREAD). The body
 * is not read, so the connection is closed after the answer.
 */
export function libpodRefusal(
  request: CanonicalRequest,
  framing: Framing,
  profile: string,
  policies: ((profile: string) => BodyPolicy | null) | undefined,
): Policing | null {
  if (framing.kind === 'none' || !policies || !isLibpodWrite(request) || policies(profile) === null) return null;
  const verdict = { ok: false, status: 403, field: '', message: LIBPOD_BODY_UNREAD } as const;
  const message = bodyVerdictMessage(request.method, request.path, verdict, profile);
  return { kind: 'answer', status: 403, field: '', message, close: true };
}
