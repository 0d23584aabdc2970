// The sockets doxy should serve: the --proxy-socket (profile 'default'), then the stored ones (from --socket flags or the app).
import { DEFAULT_PROFILE } from '../../shared/profiles/names.ts';
import type { SocketSpec } from '../../shared/profiles/types.ts';
import type { DesiredSocket } from './socket-manager.ts';

export interface SocketSources {
  /** The --proxy-socket, always bound to 'default' with --socket-mode. */
  readonly proxy: SocketSpec;
  /** Paths given by --socket flags at this start. */
  readonly flagPaths: ReadonlySet<string>;
}

export function proxySocketSpec(path: string, mode: string): SocketSpec {
  return { path, profile: DEFAULT_PROFILE, mode };
}

/** A stored socket on the --proxy-socket's path is left out: that path is the command line's. */
export function desiredSockets(sources: SocketSources, stored: readonly SocketSpec[]): DesiredSocket[] {
  return [
    { ...sources.proxy, source: 'proxy-socket' },
    ...stored
      .filter((s) => s.path !== sources.proxy.path)
      .map((s): DesiredSocket => ({ ...s, source: sources.flagPaths.has(s.path) ? 'flag' : 'store' })),
  ];
}
