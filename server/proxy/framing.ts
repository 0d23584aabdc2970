// Reads how a request's body is delimited from its whole header block, and refuses any framing another reader could take differently.
// doxy sets the upstream framing itself from this (never from a library's copy of the headers): the body the daemon
// reads is exactly the body doxy's parser read, so no bytes of it can become a request of their own upstream.
import type { IncomingMessage } from 'node:http';

/** More header fields than this are refused with 431: Docker clients send about ten. */
export const MAX_HEADER_FIELDS = 100;
/**
 * Node keeps only the first `maxHeadersCount` fields of a request and silently drops the rest, Content-Length included,
 * while its parser still frames the body by them. One more than the limit lets doxy see that fields were dropped.
 */
export const PARSER_MAX_HEADERS_COUNT = MAX_HEADER_FIELDS + 1;

export type Framing =
  | { readonly kind: 'none' }
  | { readonly kind: 'length'; readonly length: number }
  | { readonly kind: 'chunked' };

export type FramingResult =
  | { readonly ok: true; readonly framing: Framing }
  | { readonly ok: false; readonly status: 400 | 431; readonly reason: string };

function refuse(status: 400 | 431, reason: string): FramingResult {
  return { ok: false, status, reason };
}

export function readFraming(req: IncomingMessage): FramingResult {
  const raw = req.rawHeaders;
  if (raw.length / 2 > MAX_HEADER_FIELDS) return refuse(431, `more than ${MAX_HEADER_FIELDS} header fields`);
  const lengths: string[] = [];
  const encodings: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = (raw[i] ?? '').toLowerCase();
    if (name === 'content-length') lengths.push((raw[i + 1] ?? '').trim());
    else if (name === 'transfer-encoding') encodings.push((raw[i + 1] ?? '').trim());
  }
  // Node's parser refuses most of these before doxy sees the request; checked again because the forwarder relies on them.
  if (lengths.length > 0 && encodings.length > 0) return refuse(400, 'both Content-Length and Transfer-Encoding');
  if (lengths.length > 1) return refuse(400, 'more than one Content-Length');
  if (encodings.length > 1) return refuse(400, 'more than one Transfer-Encoding');
  const encoding = encodings[0];
  if (encoding !== undefined) {
    // The daemon reads no other coding (Go answers 501); a proxy in between might, and frame the body its own way.
    if (encoding.toLowerCase() !== 'chunked') return refuse(400, `Transfer-Encoding "${encoding.slice(0, 32)}" (only "chunked" is forwarded)`);
    return { ok: true, framing: { kind: 'chunked' } };
  }
  const length = lengths[0];
  if (length !== undefined) {
    if (!/^[0-9]{1,15}$/.test(length)) return refuse(400, 'Content-Length is not a decimal number');
    const n = Number(length);
    return { ok: true, framing: n === 0 ? { kind: 'none' } : { kind: 'length', length: n } };
  }
  return { ok: true, framing: { kind: 'none' } };
}
