// Exit codes of a failed start, one per kind of cause, so that scripts and service managers can tell them apart.
export const EXIT = {
  ok: 0,
  /** A bad flag or DOXY_* variable. */
  config: 2,
  /** The pattern file cannot be read or has a bad line. */
  patternFile: 3,
  /** The store does not parse or validate, or cannot be written. */
  store: 4,
  /** A socket or port cannot be listened on. */
  listen: 5,
  /** Anything else. */
  internal: 70,
} as const;

export class BootError extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
  }
}
