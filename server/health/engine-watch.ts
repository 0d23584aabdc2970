// Tells which engine is behind the Docker socket: asked at start and, after the daemon stopped answering, again until
// it answers (it may come back as another engine). Says each answer on one line; the proxy reads current() per request.
import { request } from 'node:http';
import { describeEngine, engineOf, type Engine } from '../../shared/protocol/engine.ts';

const PING_TIMEOUT_MS = 3000;
/** Podman 4.3 answers /version after asking conmon and the OCI runtime for theirs: 6 s here on the first call. */
const VERSION_TIMEOUT_MS = 20_000;
/** How often an engine that stopped answering is asked again. */
const RETRY_MS = 2000;
/** /version is a few hundred bytes; more is not a daemon's answer. */
const MAX_BODY = 64 * 1024;

interface Answer {
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

function get(socketPath: string, path: string, timeout: number): Promise<Answer | null> {
  return new Promise((resolve) => {
    // A connection of its own each time: a kept-alive one would still reach the daemon that was there before.
    const req = request({ socketPath, path, timeout, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
        if (body.length > MAX_BODY) req.destroy();
      });
      res.on('end', () => resolve(res.statusCode === 200 ? { headers: res.headers, body } : null));
      res.on('error', () => resolve(null));
    });
    req.on('error', () => resolve(null));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

/** The engine behind `socketPath`, or null when its /_ping does not answer 200. */
export async function identifyEngine(socketPath: string): Promise<Engine | null> {
  const ping = await get(socketPath, '/_ping', PING_TIMEOUT_MS);
  if (ping === null) return null;
  const version = await get(socketPath, '/version', VERSION_TIMEOUT_MS);
  return engineOf({
    apiVersion: one(ping.headers['api-version']),
    libpodApiVersion: one(ping.headers['libpod-api-version']),
    version: version === null ? null : parse(version.body),
  });
}

export interface EngineWatch {
  /** The engine last identified; null before the first answer and after the daemon stopped answering. */
  current(): Engine | null;
  /** The daemon did not answer a forwarded request: forget the engine and ask until it answers again. */
  lost(): void;
  close(): void;
}

export function watchEngine(socketPath: string, say: (line: string) => void): EngineWatch {
  let engine: Engine | null = null;
  let timer: NodeJS.Timeout | null = null;
  let asking = false;
  let closed = false;

  const ask = async (): Promise<void> => {
    asking = true;
    const found = await identifyEngine(socketPath).finally(() => {
      asking = false;
    });
    if (closed) return;
    if (found === null) {
      retry();
      return;
    }
    engine = found;
    say(`doxy: daemon at ${socketPath} is ${describeEngine(found)}`);
  };
  const retry = (): void => {
    if (timer !== null || closed) return;
    timer = setTimeout(() => {
      timer = null;
      void ask();
    }, RETRY_MS);
    // Waiting for the daemon never keeps doxy alive.
    timer.unref();
  };
  void ask();
  return {
    current: () => engine,
    lost() {
      if (engine === null || asking) return;
      engine = null;
      retry();
    },
    close() {
      closed = true;
      if (timer !== null) clearTimeout(timer);
    },
  };
}
