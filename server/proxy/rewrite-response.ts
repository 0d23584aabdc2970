// Relays a daemon answer that doxy rewrites before the client sees it (redaction, and a scoped profile's name
// conflicts): the JSON answer of the status the rewrite reads is read whole (bounded), handed to the rewrite, and sent
// with its own Content-Length. Only the requests given a rewrite come here; every other answer streams through forward.ts.
import type { IncomingMessage } from 'node:http';
import { deny } from './deny.ts';
import type { Exchange } from './exchange.ts';
import { HOP_BY_HOP } from './hop-by-hop.ts';
import type { ProxyResponse } from './messages.ts';

/** What a rewrite makes of an answer: the text to send in its place, or a refusal sent instead (nothing of it leaks). */
export type Rewritten =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly status: number; readonly message: string };

export interface ResponseRewrite {
  /** Why the answer is read, for the refusals: e.g. "doxy redacts the secrets in it". */
  readonly why: string;
  /** The status whose answer is read: 200 when absent. */
  readonly status?: number;
  /** The daemon's answer of that status as text (it said JSON): what to send instead. Any other is relayed as it came. */
  apply(text: string): Rewritten;
}

/** Larger answers are refused: a list of thousands of tasks is a few MiB; the bound keeps a flood out of memory. */
export const MAX_REWRITTEN_BYTES = 8 * 1024 * 1024;

/**
 * Relays `upRes` through `rewrite` when it has the status the rewrite reads, and says so; false leaves it to the ordinary relay. An
 * answer that is encoded (gzip), not JSON, too large or that the rewrite cannot read is refused with 502.
 */
export function relayRewritten(
  upRes: IncomingMessage,
  res: ProxyResponse,
  x: Exchange,
  rewrite: ResponseRewrite,
): boolean {
  const status = rewrite.status ?? 200;
  if (upRes.statusCode !== status) return false;
  let done = false;
  /** Answers `message` in place of the daemon's answer, which is cut. */
  const refuse = (message: string, status = 502): void => {
    done = true;
    upRes.destroy();
    x.status = status;
    x.reason = message;
    x.bytes = deny(res, status, message);
  };
  // The daemon's side failing before doxy answered cuts the client's too; after, it is only the cut above.
  const fail = (): void => {
    if (!done) res.destroy();
  };
  upRes.on('error', fail);
  upRes.on('aborted', fail);
  const request =
    x.decision.verdict === 'refuse' ? x.target : `${x.decision.request.method} ${x.decision.request.path}`;
  const what = `doxy: the daemon's answer to ${request}`;
  const encoding = upRes.headers['content-encoding'];
  if (encoding !== undefined && encoding !== 'identity') {
    refuse(`${what} is encoded (${encoding}), and ${rewrite.why}: it is not relayed`);
    return true;
  }
  const type = upRes.headers['content-type'] ?? '';
  if (!/^application\/json\b/.test(type)) {
    refuse(`${what} is not JSON (${type || 'no Content-Type'}), and ${rewrite.why}: it is not relayed`);
    return true;
  }
  const tooLarge = `${what} is over ${MAX_REWRITTEN_BYTES} bytes, and ${rewrite.why}: it is not relayed`;
  if (Number(upRes.headers['content-length'] ?? 0) > MAX_REWRITTEN_BYTES) {
    refuse(tooLarge);
    return true;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  upRes.on('data', (chunk: Buffer) => {
    if (done) return;
    size += chunk.length;
    if (size > MAX_REWRITTEN_BYTES) refuse(tooLarge);
    else chunks.push(chunk);
  });
  upRes.on('end', () => {
    if (done || res.headersSent || res.destroyed) return;
    done = true;
    const r = rewrite.apply(Buffer.concat(chunks, size).toString('utf8'));
    if (!r.ok) {
      x.status = r.status;
      x.reason = r.message;
      x.bytes = deny(res, r.status, r.message);
      return;
    }
    const body = Buffer.from(r.text, 'utf8');
    const raw = upRes.rawHeaders;
    const headers: string[] = [];
    for (let i = 0; i < raw.length; i += 2)
      if (!HOP_BY_HOP.has((raw[i] ?? '').toLowerCase())) headers.push(raw[i] ?? '', raw[i + 1] ?? '');
    headers.push('Content-Length', String(body.length));
    x.status = status;
    x.bytes = body.length;
    res.writeHead(status, upRes.statusMessage, headers);
    res.end(body);
  });
  return true;
}
