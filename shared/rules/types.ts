// The rule model shared by the proxy, the admin API and the web app: plain data, no behaviour.

export type Action = 'allow' | 'deny';

/** The methods a rule may name. Docker's API uses the first five; the others are refused by no rule. */
export const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const;
export type Method = (typeof METHODS)[number];

/** A rule matches when its method list holds the request's method and its pattern matches the whole canonical path. */
export interface Rule {
  readonly id: string;
  readonly action: Action;
  /** `'*'` means every method. */
  readonly methods: '*' | readonly Method[];
  /** A regular expression (RE2 syntax) matched against the whole decoded path, without the query. */
  readonly pattern: string;
  readonly comment: string;
  readonly enabled: boolean;
}

/** A request as the proxy received it, before anything is trusted. */
export interface RawRequest {
  readonly method: string;
  /** The request target exactly as it appeared on the request line. */
  readonly target: string;
}

/** The one form of a request that rules are matched against and that is forwarded. */
export interface CanonicalRequest {
  readonly method: string;
  /** Percent-decoded path, without query: what the daemon's router sees and what patterns match. */
  readonly path: string;
  /** Raw query string without the leading `?` ('' when there is none). */
  readonly query: string;
  /** What is sent upstream: the path re-encoded unambiguously, plus the query. */
  readonly target: string;
}

/** Why a request target was refused before any rule was tried. */
export interface Refusal {
  readonly ok: false;
  readonly reason: string;
}

export type Canonical = ({ readonly ok: true } & CanonicalRequest) | Refusal;

export type Decision =
  | {
      readonly verdict: 'allow' | 'deny';
      readonly request: CanonicalRequest;
      /** The rule that decided, or null when no rule matched (deny by default). */
      readonly rule: Rule | null;
      /** Position of that rule in the ordered set, -1 for the default. */
      readonly index: number;
    }
  | {
      readonly verdict: 'refuse';
      readonly method: string;
      readonly target: string;
      readonly reason: string;
    };

/** An expected failure with where it happened: a pattern index, a file line or a JSON pointer. */
export interface Problem {
  readonly where: string;
  readonly message: string;
}

export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: readonly Problem[] };
