// A container create or rename whose name is taken: the daemon's 409 names the container holding it by full id. On a
// scoped profile that container may be another profile's, so the id is cut from the message. That the name is taken
// cannot be hidden (the create fails either way): only which container holds it is.
import type { CanonicalRequest } from '../rules/types.ts';

/** `... is already in use by container "<id>". You have to remove ...` (moby daemon/names.go). */
const IN_USE_BY = / by container "[0-9a-f]{64}"/g;
const NAMING = /^(?:\/v[0-9]+\.[0-9]+)?\/containers\/(?:create|.+\/rename)$/;

/** Whether the daemon's answer to `request` may be a name conflict naming another container. */
export function namesContainer(request: Pick<CanonicalRequest, 'method' | 'path'>): boolean {
  return request.method === 'POST' && NAMING.test(request.path);
}

/** The daemon's 409 answer (JSON `{"message": ...}`) without the id of the container that holds the name. */
export function hideConflictingId(text: string): string {
  let message: unknown;
  try {
    message = (JSON.parse(text) as { message?: unknown }).message;
  } catch {
    message = undefined;
  }
  // Not the daemon's shape: nothing of it is relayed.
  if (typeof message !== 'string') return `${JSON.stringify({ message: 'Conflict. The name is already in use.' })}\n`;
  return `${JSON.stringify({ message: message.replace(IN_USE_BY, ' by another container') })}\n`;
}
