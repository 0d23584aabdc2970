// Starts the admin server on its address: the Express app and the socket.io live log on one HTTP server.
import { createServer } from 'node:http';
import { ListenError } from '../proxy/listen.ts';
import { AdminError } from './api-error.ts';
import type { AdminDeps } from './deps.ts';
import { createAdminApp } from './admin-app.ts';
import { createGuard, publicBase } from './guard.ts';
import { attachLiveLog } from './live-socket.ts';
import { createSession } from './session.ts';
import { DEFAULT_WEB_ROOT, webMissing } from './web-app.ts';

export interface Admin {
  /** The app's address, e.g. http://127.0.0.1:7080/ */
  readonly url: string;
  /** The same with the login token, to print at start (Jupyter style). */
  readonly loginUrl: string;
  /** Why the web app cannot be served (not built), or null. */
  readonly webMissing: string | null;
  close(): Promise<void>;
}

export type { AdminDeps };

const unauthorized = new AdminError(401, 'UNAUTHORIZED', 'the admin token is missing or wrong');

export async function startAdmin(deps: AdminDeps): Promise<Admin> {
  const guard = createGuard(deps.address);
  const session = createSession(deps.token, deps.address.port);
  const server = createServer({ headersTimeout: 10_000, requestTimeout: 30_000 }, createAdminApp(deps, guard, session));
  const stopLive = attachLiveLog(server, {
    log: deps.log,
    store: deps.store,
    learn: deps.learn(deps.proxySocket),
    admit: (req) => guard(req) ?? (session.authorized(req) ? null : unauthorized),
  });
  const { host, port } = deps.address;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await stopLive();
    throw new ListenError(
      `cannot listen on admin address ${host}:${port}: ${(error as Error).message} (choose another --admin-address, or "none")`,
    );
  }
  const base = publicBase(deps.address);
  return {
    url: `${base}/`,
    loginUrl: `${base}/?token=${encodeURIComponent(deps.token)}`,
    webMissing: webMissing(deps.webRoot ?? DEFAULT_WEB_ROOT),
    // Closing socket.io closes the HTTP server too; open keep-alive connections are cut rather than awaited.
    close: async () => {
      const closing = stopLive();
      server.closeAllConnections();
      await closing;
    },
  };
}
