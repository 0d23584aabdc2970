// GET and PUT /api/policy?profile=NAME: a profile's body policy (null: none, bodies are forwarded unread).
import type { BodyPolicy } from '../policy/body-policy.ts';

/** GET /api/policy, and the answer to a successful PUT. */
export interface PolicyResponse {
  readonly revision: number;
  readonly profile: string;
  readonly policy: BodyPolicy | null;
}

/** PUT /api/policy: the whole policy (or null to remove it) and the revision it was edited from. */
export interface PutPolicyBody {
  readonly basedOn: number;
  readonly policy: BodyPolicy | null;
  readonly reason?: string;
}
