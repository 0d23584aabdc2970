// Host paths as a bind mount names them, and whether an allow-list entry covers one. Pure text: symlinks on the host
// are not seen here (see the design note), which is why "." and ".." are refused rather than resolved.

export type CleanPath = { readonly ok: true; readonly path: string } | { readonly ok: false; readonly reason: string };

/** `//` and trailing `/` collapse (the kernel reads them so); `.` and `..` are refused: `/srv/ci/link/..` is wherever the
 * link points, not `/srv/ci`, and only the host knows where that is. */
export function cleanHostPath(raw: string): CleanPath {
  if (!raw.startsWith('/')) return { ok: false, reason: 'is not an absolute path' };
  if (raw.includes('\u0000')) return { ok: false, reason: 'holds a NUL byte' };
  const segments = raw.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '.' || s === '..')) return { ok: false, reason: 'has a "." or ".." segment' };
  return { ok: true, path: `/${segments.join('/')}` };
}

/** Whether `path` is `prefix` or under it, by whole segments (`/srv/ci` covers `/srv/ci/x`, not `/srv/ci-other`). */
export function underPrefix(path: string, prefix: string): boolean {
  return prefix === '/' || path === prefix || path.startsWith(`${prefix}/`);
}
