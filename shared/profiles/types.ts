// The configuration's model: named rule sets (profiles) and the filtered sockets bound to them. Plain data.
import type { BodyPolicy } from '../policy/body-policy.ts';
import type { Rule } from '../rules/types.ts';

/** A named, ordered rule set. Names: 1-64 of [A-Za-z0-9._-], starting with a letter or digit. 'default' always exists. */
export interface Profile {
  readonly name: string;
  readonly rules: readonly Rule[];
  /** What the bodies of the policed operations may ask of the host; absent: bodies are forwarded unread. */
  readonly policy?: BodyPolicy;
  /**
   * false: answers are relayed with the secrets in them (environment values, config data). Absent or true, they are
   * redacted (shared/redact); the store keeps only `false`.
   */
  readonly redact?: boolean;
  /**
   * true: what is made through the profile is stamped as its own, and it sees and touches only that (shared/scope).
   * The store keeps only `true`.
   */
  readonly scoped?: boolean;
}

/** With mutual TLS: the profile a client certificate gets, by its subject's common name. */
export interface ClientProfile {
  readonly cn: string;
  readonly profile: string;
}

/**
 * A filtered socket bound to one profile: a unix socket (an absolute path) or a TCP listener (`tcp://HOST:PORT`).
 * A unix socket has a mode (octal text, '660') and maybe an owner and group (a name or a numeric id; they need root).
 * A TCP socket keeps mode '660' (unused) and may have an allow-list, TLS files and a client-certificate profile map.
 */
export interface SocketSpec {
  /** Absolute path or `tcp://HOST:PORT`: also the socket's name in the log, metrics, stats and learn mode. */
  readonly path: string;
  readonly profile: string;
  readonly mode: string;
  readonly owner?: string;
  readonly group?: string;
  /** TCP only: client addresses served (CIDRs, or hostnames resolved at start and every 30 s); absent: any client. */
  readonly allowFrom?: readonly string[];
  /** TCP only: PEM files of the server certificate and key (TLS), and of the CA client certificates must be signed by (mutual TLS). */
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  readonly tlsCa?: string;
  /** Mutual TLS only: the profile of each client certificate common name, instead of `profile`. */
  readonly clients?: readonly ClientProfile[];
  /** Mutual TLS with `clients`: a certificate whose CN is not listed is refused ('refuse', the default) or gets `profile`. */
  readonly unknownClients?: 'refuse' | 'socket-profile';
}
