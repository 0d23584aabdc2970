// GET and PUT /api/redaction?profile=NAME: whether a profile redacts the secrets in the daemon's answers.
/** GET /api/redaction, and the answer to a successful PUT. */
export interface RedactionResponse {
  readonly revision: number;
  readonly profile: string;
  /** true (the default): environment values and config data are redacted in the answers to `operations`. */
  readonly redact: boolean;
  /** The operations whose answers are redacted, as `GET /template` (catalog templates). */
  readonly operations: readonly string[];
}

/** PUT /api/redaction: on or off, and the revision it was edited from. */
export interface PutRedactionBody {
  readonly basedOn: number;
  readonly redact: boolean;
  readonly reason?: string;
}
