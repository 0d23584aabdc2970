// The one shape of every admin API failure.
import type { Problem } from '../rules/types.ts';

/** Every admin API failure: a stable code, a message, and where (a JSON pointer, or `file:line` for a pattern file). */
export interface ApiError {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly where?: string;
    readonly problems?: readonly Problem[];
  };
}
