// Turns a raw request line into the one form rules see and the daemon receives, or refuses it as ambiguous.
// Nothing here guesses: any form the daemon could route differently from what a rule reads is refused.
import type { Canonical } from './types.ts';

export const MAX_TARGET_LENGTH = 8192;

const METHOD = /^[A-Z]+$/;
// RFC 3986 pchar minus '%' and ':' (http-proxy rewrites "http:/" in paths), plus '/': kept as is when re-encoding.
const SAFE_PATH_CHAR = /^[A-Za-z0-9\-._~!$&'()*+,;=@/]$/;
// Docker's router takes any `/v[0-9.]+` first segment as an API version, and Podman's (compat and libpod alike) any
// `/v[0-9][0-9A-Za-z.-]*`: `/v1-x/containers/json` is Podman's container list. Only `vN.N` is unambiguous. The daemon
// reads the numbers as integers, so `/v01.041/` is `/v1.41/` to it: a leading zero is another spelling, refused too.
const VERSION_LIKE = /^v(?:[0-9.]+|[0-9][0-9A-Za-z.-]*)$/;
const VERSION = /^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/;
// Podman's own clients name their libpod API version in full (`/v4.3.1/libpod/_ping`); Docker's router would read
// `v4.3.1` as a version too new for it, so the three-number form is unambiguous only before a `libpod` segment.
const LIBPOD_VERSION = /^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/;
/** A path into Podman's libpod API: `/libpod/...` after an optional version segment (unchecked: see canonicalize). */
const LIBPOD_PATH = /^\/(?:v[0-9][0-9A-Za-z.-]*\/)?libpod(?:[/?]|$)/;
const ABSOLUTE_FORM = /^[A-Za-z][A-Za-z0-9+.-]*:/;

const utf8 = new TextDecoder('utf-8', { fatal: true });

function refuse(reason: string): Canonical {
  return { ok: false, reason };
}

/** Describes a byte for an error message without echoing control characters. */
function showByte(code: number): string {
  return `0x${code.toString(16).padStart(2, '0')}`;
}

/** Percent-decodes a path, refusing escapes that would change how the daemon splits or reads it. */
function decodePath(raw: string): { ok: true; path: string } | { ok: false; reason: string } {
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (code === 0x25 /* % */) {
      const hex = raw.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return { ok: false, reason: `bad percent-escape at index ${i}` };
      const byte = parseInt(hex, 16);
      if (byte === 0x2f) return { ok: false, reason: `encoded "/" (%2F) at index ${i}` };
      if (byte === 0x5c) return { ok: false, reason: `encoded "\\" (%5C) at index ${i}` };
      if (byte < 0x20 || byte === 0x7f)
        return { ok: false, reason: `encoded control byte ${showByte(byte)} at index ${i}` };
      bytes.push(byte);
      i += 2;
    } else {
      bytes.push(code);
    }
  }
  try {
    return { ok: true, path: utf8.decode(new Uint8Array(bytes)) };
  } catch {
    return { ok: false, reason: 'percent-escapes that are not valid UTF-8' };
  }
}

/** Encodes a decoded path so that it decodes back to exactly itself and nothing else. */
export function encodePath(path: string): string {
  let out = '';
  for (const ch of path) out += SAFE_PATH_CHAR.test(ch) ? ch : encodeURIComponent(ch);
  return out;
}

/** Whether a path or raw target is addressed to Podman's libpod API rather than the Docker-compatible one. */
export function isLibpodPath(pathOrTarget: string): boolean {
  return LIBPOD_PATH.test(pathOrTarget);
}

export function canonicalize(method: string, target: string): Canonical {
  if (!METHOD.test(method)) return refuse(`method "${method.slice(0, 32)}" is not an upper-case token`);
  // A CONNECT asks for a tunnel, not a resource: the Docker API has none, and doxy has no way to forward one. Refused
  // here, so that every caller of decide() says so, not only the proxy (whose HTTP server would drop the connection).
  if (method === 'CONNECT') return refuse('CONNECT asks for a tunnel, which the Docker API never uses');
  if (target.length > MAX_TARGET_LENGTH) return refuse(`request target longer than ${MAX_TARGET_LENGTH} characters`);
  for (let i = 0; i < target.length; i++) {
    const code = target.charCodeAt(i);
    if (code <= 0x20 || code >= 0x7f) return refuse(`byte ${showByte(code)} at index ${i} of the request target`);
  }
  if (!target.startsWith('/')) {
    if (ABSOLUTE_FORM.test(target)) return refuse('absolute-form request target (scheme://host/...)');
    return refuse('request target does not start with "/"');
  }
  if (target.includes('#')) return refuse('fragment ("#") in the request target');
  if (target.includes('\\')) return refuse('"\\" in the request target');

  const q = target.indexOf('?');
  const rawPath = q === -1 ? target : target.slice(0, q);
  const query = q === -1 ? '' : target.slice(q + 1);
  const decoded = decodePath(rawPath);
  if (!decoded.ok) return refuse(decoded.reason);
  const path = decoded.path;

  if (path !== '/') {
    const segments = path.split('/').slice(1);
    for (const [i, segment] of segments.entries()) {
      if (segment === '')
        return refuse(i === segments.length - 1 ? 'trailing "/" in the path' : 'empty segment ("//") in the path');
      if (segment === '.' || segment === '..') return refuse(`dot segment "${segment}" in the path`);
    }
    const first = segments[0] ?? '';
    const libpod = segments.length > 2 && segments[1] === 'libpod' && LIBPOD_VERSION.test(first);
    if (VERSION_LIKE.test(first) && !VERSION.test(first) && !libpod)
      return refuse(`API version "${first}" is not of the form vN.N (or vN.N.N before /libpod/; no leading zeros)`);
  }
  if (/[\u0000-\u001f\u007f]/.test(path)) return refuse('control character in the decoded path');

  const encoded = encodePath(path);
  return { ok: true, method, path, query, target: query === '' ? encoded : `${encoded}?${query}` };
}
