// The admin login: the token as a Bearer header, or the HttpOnly cookie that opening the printed URL sets.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface Session {
  readonly cookieName: string;
  /** The Set-Cookie value that logs a browser in. */
  readonly setCookie: string;
  isToken(candidate: string): boolean;
  /** True when the request carries the token (Bearer) or the session cookie. */
  authorized(req: IncomingMessage): boolean;
}

function same(a: string, b: string): boolean {
  const digest = (s: string): Buffer => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

export function readCookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

export function createSession(token: string, port: number): Session {
  // Cookies are not kept apart by port: the name carries it, so two doxy instances on one host do not clash.
  const cookieName = `doxy_admin_${port}`;
  // The cookie holds a value derived from the token, not the token: a new token ends every session.
  const value = createHmac('sha256', token).update('doxy admin session v1').digest('base64url');
  return {
    cookieName,
    setCookie: `${cookieName}=${value}; Path=/; HttpOnly; SameSite=Strict`,
    isToken: (candidate) => same(candidate, token),
    authorized(req) {
      const auth = req.headers.authorization;
      if (auth !== undefined) return /^Bearer /i.test(auth) && same(auth.slice(7).trim(), token);
      const cookie = readCookie(req.headers.cookie, cookieName);
      return cookie !== null && same(cookie, value);
    },
  };
}
