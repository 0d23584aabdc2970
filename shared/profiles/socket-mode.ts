// A socket's file mode as octal text: the one rule for --socket-mode, --socket and the admin API (never world-writable).

/** The mode as a number, or why it cannot be used. */
export function parseSocketMode(
  raw: string,
): { readonly ok: true; readonly mode: number } | { readonly ok: false; readonly message: string } {
  if (!/^0?[0-7]{3}$/.test(raw)) return { ok: false, message: `"${raw}" is not an octal file mode such as 660` };
  const mode = parseInt(raw, 8);
  if (mode & 0o002)
    return {
      ok: false,
      message: `${raw} would let every local user write to the socket, which is root access to the host`,
    };
  return { ok: true, mode };
}

/** The text a mode is stored and shown as: three octal digits ('660'). */
export function formatSocketMode(mode: number): string {
  return (mode & 0o777).toString(8).padStart(3, '0');
}
