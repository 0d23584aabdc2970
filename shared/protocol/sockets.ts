// GET and PUT /api/sockets: the filtered sockets, as configured and as listening now.
import type { SocketSpec } from '../profiles/types.ts';

/** A socket as the app shows it: its spec, where it came from, and whether it is listening now. */
export interface SocketState extends SocketSpec {
  /** 'proxy-socket': the --proxy-socket one (cannot be removed in the app); 'flag': a --socket flag; 'store': added in the app or by import. */
  readonly source: 'proxy-socket' | 'flag' | 'store';
  readonly listening: boolean;
  /** Why it is not listening (path in use, no permission...), null when it is. */
  readonly error: string | null;
}

/** GET /api/sockets. */
export interface SocketsResponse {
  readonly revision: number;
  readonly sockets: readonly SocketState[];
}

/** PUT /api/sockets: the whole list (add, rebind, change mode, remove), applied without a restart. */
export interface PutSocketsBody {
  readonly basedOn: number;
  readonly sockets: readonly SocketSpec[];
}
