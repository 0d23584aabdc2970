// GET and POST /api/profiles. One revision covers the whole configuration: every profile and every socket.
import type { Profile } from '../profiles/types.ts';
import type { Problem } from '../rules/types.ts';

/** GET /api/profiles: every profile with the sockets bound to it. */
export interface ProfilesResponse {
  readonly revision: number;
  readonly profiles: readonly (Profile & {
    readonly sockets: readonly string[];
    readonly warnings: readonly Problem[];
  })[];
}

/** POST /api/profiles: a new profile, empty, copied from another profile, or from a preset (by preset id). */
export interface CreateProfileBody {
  readonly basedOn: number;
  readonly name: string;
  readonly from?: { readonly profile: string } | { readonly preset: string };
}
