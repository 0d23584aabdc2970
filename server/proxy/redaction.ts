// The redaction step: which forwarded requests have their answer rewritten by shared redactAnswer() before the client
// sees it (a redacted operation on a profile that has not turned redaction off), and the rewrite itself.
import { redactAnswer } from '../../shared/redact/redact-text.ts';
import {
  REDACTED_OPERATIONS,
  redactedRequest,
  type RedactedOperation,
} from '../../shared/redact/redacted-operations.ts';
import type { CanonicalRequest } from '../../shared/rules/types.ts';
import type { ResponseRewrite } from './rewrite-response.ts';

const WHY = 'doxy redacts the secrets in it';

function rewriteFor(operation: RedactedOperation): ResponseRewrite {
  return {
    why: WHY,
    apply(text) {
      const r = redactAnswer(operation, text);
      if (r.ok) return r;
      return {
        ok: false,
        status: 502,
        message: `doxy: cannot redact the daemon's answer (${r.message}): it is not relayed`,
      };
    },
  };
}

/** Made once: a request carries one of these, never a closure of its own. */
const REWRITES = new Map(REDACTED_OPERATIONS.map((op) => [op, rewriteFor(op)]));

/**
 * The rewrite a request's answer goes through, or null. `redacts` says whether a profile redacts (read only for a
 * redacted operation); without it every profile does.
 */
export function redaction(
  request: Pick<CanonicalRequest, 'method' | 'path'>,
  profile: string,
  redacts: ((profile: string) => boolean) | undefined,
): ResponseRewrite | null {
  const operation = redactedRequest(request);
  if (operation === null || (redacts !== undefined && !redacts(profile))) return null;
  return REWRITES.get(operation) ?? null;
}

/** Why an upgrade request for a redacted operation is refused: the hijack path relays its answer unread. */
export function redactedUpgradeMessage(request: Pick<CanonicalRequest, 'method' | 'path'>): string {
  return `doxy: ${request.method} ${request.path} cannot ask to upgrade the connection: ${WHY}, and an upgraded connection relays it unread`;
}
