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
  { readonly kind: 'none' } | { readonly kind: 'length'; readonly length: number } | { readonly kind: 'chunked' };

export type FramingResult =
  | { readonly ok: true; readonly framing: Framing }
  | { readonly ok: false; readonly status: 400 | 431; readonly reason: string };

function refuse(status: 400 | 431, reason: string): FramingResult {
  return { ok: false, status, reason };
}

const NO_BODY: FramingResult = { ok: true, framing: { kind: 'none' } };
const CHUNKED: FramingResult = { ok: true, framing: { kind: 'chunked' } };

export function readFraming(req: IncomingMessage): FramingResult {
  const raw = req.rawHeaders;
  if (raw.length / 2 > MAX_HEADER_FIELDS) return refuse(431, `more than ${MAX_HEADER_FIELDS} header fields`);
  // Counted and the first kept, not collected: most requests carry neither header.
  let lengths = 0;
  let encodings = 0;
  let length = '';
  let encoding = '';
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] ?? '';
    // Both names are 14 and 17 characters long: most names are passed over without lower-casing them.
    if (name.length === 14 && name.toLowerCase() === 'content-length') {
      if (lengths++ === 0) length = (raw[i + 1] ?? '').trim();
    } else if (name.length === 17 && name.toLowerCase() === 'transfer-encoding') {
      if (encodings++ === 0) encoding = (raw[i + 1] ?? '').trim();
    }
  }
  // Node's parser refuses most of these before doxy sees the request; checked again because the forwarder relies on them.
  if (lengths > 0 && encodings > 0) return refuse(400, 'both Content-Length and Transfer-Encoding');
  if (lengths > 1) return refuse(400, 'more than one Content-Length');
  if (encodings > 1) return refuse(400, 'more than one Transfer-Encoding');
  if (encodings === 1) {
    // The daemon reads no other coding (Go answers 501); a proxy in between might, and frame the body its own way.
    if (encoding.toLowerCase() !== 'chunked')
      return refuse(400, `Transfer-Encoding "${encoding.slice(0, 32)}" (only "chunked" is forwarded)`);
    return CHUNKED;
  }
  if (lengths === 1) {
    if (!/^[0-9]{1,15}$/.test(length)) return refuse(400, 'Content-Length is not a decimal number');
    const n = Number(length);
    return n === 0 ? NO_BODY : { ok: true, framing: { kind: 'length', length: n } };
  }
  return NO_BODY;
}
