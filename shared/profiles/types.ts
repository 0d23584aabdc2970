// The configuration's model: named rule sets (profiles) and the filtered sockets bound to them. Plain data.
import type { BodyPolicy } from '../policy/body-policy.ts';
import type { Rule } from '../rules/types.ts';

/** A named, ordered rule set. Names: 1-64 of [A-Za-z0-9._-], starting with a letter or digit. 'default' always exists. */
export interface Profile {
  readonly name: string;
  readonly rules: readonly Rule[];
  /** What the bodies of the policed operations may ask of the host; absent: bodies are forwarded unread. */
  readonly policy?: BodyPolicy;
}

/** A filtered socket bound to one profile. `mode` is octal text ('660'); owner and group (a name or a numeric id) need root. */
export interface SocketSpec {
  /** Absolute path: also the socket's name in the log, metrics, stats and learn mode. */
  readonly path: string;
  readonly profile: string;
  readonly mode: string;
  readonly owner?: string;
  readonly group?: string;
}
