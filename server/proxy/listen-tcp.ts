// Puts a proxy server on a TCP port, plain or TLS: a client is judged on its address before anything is read from
// it, and with mutual TLS on its certificate after the handshake; only then is its connection handed to the HTTP
// server, so a refused client never reaches the request path. The HTTP (and TLS) servers never listen themselves.
import type { Server } from 'node:http';
import { createServer as createNetServer, type Socket } from 'node:net';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import type { Duplex } from 'node:stream';
import { ListenError } from './listen.ts';
import { LIMITS } from './server.ts';

/** Who is on the other end of a TCP connection. */
export interface ClientIdentity {
  /** The client's IP address (an IPv4-mapped IPv6 address as IPv4). */
  readonly address: string;
  /** The common name of the client certificate's subject, with mutual TLS; null otherwise. */
  readonly cn: string | null;
}

export interface TcpListenOptions {
  readonly host: string;
  readonly port: number;
  /** PEM contents; `ca` makes a client certificate signed by it required (refused at the handshake otherwise). */
  readonly tls: { readonly cert: Buffer; readonly key: Buffer; readonly ca?: Buffer } | null;
  /** Why a client at this address is not served, or null (read at every connection: the list may change). */
  readonly refuseAddress: (address: string) => string | null;
  /** Why a client with this certificate CN is not served, or null; asked after the handshake, with mutual TLS only. */
  readonly refuseCertificate: (cn: string | null) => string | null;
  /** A client refused at connect or at the handshake; `cn` when its certificate was read. */
  readonly onRefused: (address: string, reason: string) => void;
}

export interface TcpListener {
  /** The identity of a connection the HTTP server got from this listener. */
  identityOf(connection: Duplex): ClientIdentity | undefined;
  /** Every served connection with its identity (to cut those a changed allow-list or client map no longer admits). */
  served(): [Duplex, ClientIdentity][];
  close(): Promise<void>;
}

const BACKLOG = 511;

/** `::ffff:10.0.0.1` (an IPv4 client of a dual-stack listener) as `10.0.0.1`. */
export function clientAddress(socket: Socket): string {
  const raw = socket.remoteAddress ?? '';
  return raw.startsWith('::ffff:') && raw.includes('.') ? raw.slice(7) : raw;
}

/** How a handshake that made room for a newer one is said (one reason, so that a flood is said once per address). */
export const HANDSHAKE_CROWDED = `TLS handshake not finished while ${LIMITS.maxHandshakes} were pending: closed to make room for a new one`;

export async function listenTcp(http: Server, options: TcpListenOptions): Promise<TcpListener> {
  const identities = new Map<Duplex, ClientIdentity>();
  const raw = new Set<Socket>();
  /**
   * Raw sockets whose TLS handshake is not finished, oldest first, by client address and port (the TLS socket the
   * handshake makes has the same two, and no public way back to the raw one).
   */
  const handshaking = new Map<string, Socket>();
  const handshakeKey = (socket: Socket): string => `${clientAddress(socket)} ${socket.remotePort ?? ''}`;
  /**
   * A handshake holds a descriptor and TLS state, and a client can keep it pending for handshakeTimeout without
   * sending a byte: at the limit the oldest pending one is closed, so that a flood of stalled handshakes cannot keep
   * a client whose handshake completes in milliseconds out (refusing the new one would, for as long as the flood goes on).
   */
  const startHandshake = (socket: Socket): void => {
    if (handshaking.size >= LIMITS.maxHandshakes) {
      const [key, oldest] = handshaking.entries().next().value as [string, Socket];
      handshaking.delete(key);
      options.onRefused(clientAddress(oldest), HANDSHAKE_CROWDED);
      oldest.destroy();
    }
    const key = handshakeKey(socket);
    handshaking.set(key, socket);
    socket.once('close', () => {
      if (handshaking.get(key) === socket) handshaking.delete(key);
    });
  };
  const serve = (connection: Duplex, who: ClientIdentity): void => {
    identities.set(connection, who);
    connection.once('close', () => identities.delete(connection));
    http.emit('connection', connection);
  };

  const { tls } = options;
  const tlsServer = tls
    ? createTlsServer({
        cert: tls.cert,
        key: tls.key,
        ca: tls.ca,
        requestCert: !!tls.ca,
        rejectUnauthorized: true,
        // As long as a request's headers may take (Node's default is two minutes): a stalled handshake holds a socket.
        handshakeTimeout: LIMITS.headersTimeoutMs,
      })
    : null;
  tlsServer?.on('secureConnection', (socket: TLSSocket) => {
    handshaking.delete(handshakeKey(socket));
    const address = clientAddress(socket);
    const subject = tls?.ca ? socket.getPeerCertificate().subject : undefined;
    const cn = typeof subject?.CN === 'string' ? subject.CN : null;
    // The address again: the allow-list may have changed during the handshake.
    const reason = options.refuseAddress(address) ?? (tls?.ca ? options.refuseCertificate(cn) : null);
    if (reason) {
      options.onRefused(address, reason);
      socket.destroy();
      return;
    }
    serve(socket, { address, cn });
  });
  tlsServer?.on('tlsClientError', (error: Error, socket: TLSSocket) => {
    options.onRefused(clientAddress(socket), `TLS handshake failed: ${error.message}`);
    socket.destroy();
  });

  // Half-open as an HTTP server's own connections are: `exec -i` ends its input with a FIN and still reads the output.
  // A TLS socket takes the setting from the raw socket it wraps.
  const outer = createNetServer({ allowHalfOpen: true, noDelay: true }, (socket) => {
    const address = clientAddress(socket);
    const reason = options.refuseAddress(address);
    if (reason) {
      options.onRefused(address, reason);
      socket.destroy();
      return;
    }
    raw.add(socket);
    socket.once('close', () => raw.delete(socket));
    socket.on('error', () => socket.destroy());
    if (tlsServer) {
      startHandshake(socket);
      tlsServer.emit('connection', socket);
    } else serve(socket, { address, cn: null });
  });
  // Node starts the HTTP server's header-timeout checks when it listens; this one never does, so start them here.
  http.emit('listening');

  await new Promise<void>((resolve, reject) => {
    outer.once('error', reject);
    outer.listen({ host: options.host, port: options.port, backlog: BACKLOG }, () => {
      outer.off('error', reject);
      resolve();
    });
  }).catch((error: unknown) => {
    http.close();
    throw new ListenError(`cannot listen on ${options.host}:${options.port}: ${(error as Error).message}`);
  });

  return {
    identityOf: (connection) => identities.get(connection),
    served: () => [...identities],
    close: () =>
      new Promise<void>((resolve) => {
        outer.close(() => resolve());
        for (const s of raw) s.destroy();
        for (const s of identities.keys()) s.destroy();
        // Stops its connection checks; it never listened, so its own close reports an error nobody needs.
        http.close(() => undefined);
      }),
  };
}
