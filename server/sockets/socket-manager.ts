// Runs the filtered sockets and reconciles them with the configuration without a restart: a new socket is listened
// on, a rebound one only changes which profile its getters return (its connections and live streams stay), a mode or
// owner change is applied to the file in place, and a removed one closes with its own connections only.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { BodyPolicy } from '../../shared/policy/body-policy.ts';
import { parseSocketMode } from '../../shared/profiles/socket-mode.ts';
import { isTcpPath, profileForClient } from '../../shared/profiles/tcp-socket.ts';
import type { SocketSpec } from '../../shared/profiles/types.ts';
import type { SocketState } from '../../shared/protocol/sockets.ts';
import type { LearnMode } from '../learn/learn-mode.ts';
import type { RequestLog } from '../log/request-log.ts';
import type { ProxyCounters } from '../proxy/counters.ts';
import type { DaemonGate } from '../proxy/daemon-gate.ts';
import { listenUnix } from '../proxy/listen.ts';
import { createProxyServer, type ProxyDeps } from '../proxy/server.ts';
import type { ActiveRules } from '../store/active-rules.ts';
import { ownershipIds, ownershipProblem } from './ownership.ts';
import { changeSocketFile, type SocketIdentity } from './socket-file.ts';
import type { Owners } from '../proxy/owners.ts';
import { listenTcpSocket, sameListener, type TcpSocket } from './tcp-socket.ts';

export interface DesiredSocket extends SocketSpec {
  readonly source: SocketState['source'];
}

export interface SocketManagerDeps {
  readonly dockerSocket: string;
  readonly log: RequestLog;
  readonly rules: ActiveRules;
  /** The body policy of each profile, as the store holds it now (null: none). */
  readonly policies: (profile: string) => BodyPolicy | null;
  /** Whether each profile redacts the secrets in answers, as the store holds it now. */
  readonly redacts: (profile: string) => boolean;
  /** Whether each profile is scoped to its own objects, as the store holds it now; and who owns them. */
  readonly scoped: (profile: string) => boolean;
  readonly owners: Owners;
  /** Learn mode of the socket at `path`. */
  readonly learnFor: (path: string) => LearnMode;
  readonly counters: ProxyCounters;
  /** Bounds the requests outstanding at the daemon over every socket. */
  readonly gate: DaemonGate;
  /** The engine behind the Docker socket (see engine-watch.ts). */
  readonly engine?: ProxyDeps['engine'];
}

export interface SocketManager {
  /** Makes the running sockets match `desired` (one apply at a time); a socket that fails is reported in its state. */
  apply(desired: readonly DesiredSocket[]): Promise<void>;
  /** Resolves once every apply asked for so far is done. */
  settled(): Promise<void>;
  /** Every desired socket, in the order given, with whether it listens. */
  states(): SocketState[];
  /** Closes every socket and removes their files. */
  close(): Promise<void>;
}

interface Running {
  spec: DesiredSocket;
  readonly server: Server;
  readonly connections: Set<Socket>;
  readonly close: () => Promise<void>;
  /** The socket file made at listen time: a later change applies to it only, never to what replaced it. */
  readonly identity: SocketIdentity | null;
  /** A problem applying a later change (chmod, chown) while it keeps listening. */
  error: string | null;
  /** A TCP socket's listener and who it admits now; null for a unix socket. */
  tcp: TcpSocket | null;
}

/** Not a valid profile name, so no profile has it: its rules are the empty set (active-rules fails closed). */
const NO_PROFILE = '(certificate not in the client map)';

const modeOf = (spec: SocketSpec): number => {
  const parsed = parseSocketMode(spec.mode);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.mode;
};

export function createSocketManager(deps: SocketManagerDeps): SocketManager {
  const running = new Map<string, Running>();
  let desired: readonly DesiredSocket[] = [];
  const failed = new Map<string, string>();
  let queue: Promise<void> = Promise.resolve();

  const start = async (spec: DesiredSocket): Promise<void> => {
    const problem = ownershipProblem(spec);
    if (problem) {
      failed.set(spec.path, problem.message);
      return;
    }
    const entry = { spec } as Running;
    const server = createProxyServer({
      dockerSocket: deps.dockerSocket,
      log: deps.log,
      counters: deps.counters,
      gate: deps.gate,
      engine: deps.engine,
      learn: deps.learnFor(spec.path),
      name: spec.path,
      // Read per request: a rebind changes only entry.spec, so the next request on any connection uses the new
      // profile. With mutual TLS the client certificate's CN may choose it; a connection the map no longer admits
      // is cut when the map changes, and should one ever be asked about, it gets a profile that grants nothing.
      profile: (c) => {
        const who = entry.tcp?.listener.identityOf(c);
        if (!who || !entry.spec.tlsCa) return entry.spec.profile;
        return profileForClient(entry.spec, who.cn) ?? NO_PROFILE;
      },
      rules: (profile) => deps.rules(profile),
      policy: deps.policies,
      redact: deps.redacts,
      scoped: deps.scoped,
      owners: deps.owners,
      client: (c) => entry.tcp?.listener.identityOf(c),
    });
    const connections = new Set<Socket>();
    server.on('connection', (s: Socket) => {
      connections.add(s);
      s.once('close', () => connections.delete(s));
    });
    try {
      if (isTcpPath(spec.path)) {
        const tcp = await listenTcpSocket(server, spec);
        entry.tcp = tcp;
        running.set(
          spec.path,
          Object.assign(entry, { server, connections, close: tcp.close, identity: null, error: null }),
        );
      } else {
        const { close, identity } = await listenUnix(server, spec.path, modeOf(spec));
        try {
          const owner = ownershipIds(spec);
          if (owner) changeSocketFile(spec.path, identity, { owner });
        } catch (error) {
          await close();
          throw error;
        }
        running.set(spec.path, Object.assign(entry, { server, connections, close, identity, error: null, tcp: null }));
      }
      failed.delete(spec.path);
    } catch (error) {
      failed.set(spec.path, (error as Error).message);
    }
  };

  const stop = async (r: Running): Promise<void> => {
    running.delete(r.spec.path);
    // Upgraded (attach, exec) connections are no longer the HTTP server's: cut every connection of this socket here.
    for (const s of r.connections) s.destroy();
    await r.close();
  };

  const update = async (r: Running, spec: DesiredSocket): Promise<void> => {
    const before = r.spec;
    // New TLS files: a new listener (its connections go, as with a removed socket).
    if (r.tcp && !sameListener(before, spec)) {
      await stop(r);
      await start(spec);
      return;
    }
    if (r.tcp) {
      // The new spec takes effect only once the connections it no longer admits are cut (no I/O runs in between):
      // a client the changed map refuses never gets a request judged by the socket's own profile.
      await r.tcp.admission.change(spec);
      r.spec = spec;
      r.error = null;
      return;
    }
    r.spec = spec;
    r.error = null;
    try {
      const mode = before.mode !== spec.mode ? modeOf(spec) : undefined;
      const owner = before.owner !== spec.owner || before.group !== spec.group ? ownershipIds(spec) : null;
      // A unix socket always has its identity (a TCP one returned above).
      if (r.identity && (mode !== undefined || owner !== null))
        changeSocketFile(spec.path, r.identity, {
          ...(mode === undefined ? {} : { mode }),
          ...(owner ? { owner } : {}),
        });
    } catch (error) {
      r.error = (error as Error).message;
    }
  };

  const reconcile = async (next: readonly DesiredSocket[]): Promise<void> => {
    desired = next;
    const wanted = new Set(next.map((s) => s.path));
    for (const r of [...running.values()]) if (!wanted.has(r.spec.path)) await stop(r);
    for (const path of [...failed.keys()]) if (!wanted.has(path)) failed.delete(path);
    for (const spec of next) {
      const r = running.get(spec.path);
      if (r) await update(r, spec);
      else await start(spec);
    }
  };

  return {
    apply(next) {
      // Never rejects: what fails is one socket's state, and a caller such as a store listener cannot be left with an unhandled rejection.
      const run = queue
        .then(() => reconcile(next))
        .catch((error: unknown) => {
          process.stderr.write(`doxy: sockets: ${(error as Error).message}\n`);
        });
      queue = run.catch(() => undefined);
      return run;
    },
    settled: () => queue,
    states() {
      return desired.map((spec): SocketState => {
        const r = running.get(spec.path);
        const error = r ? r.error : (failed.get(spec.path) ?? 'not started yet');
        return { ...spec, listening: r !== undefined, error };
      });
    },
    async close() {
      await queue;
      await Promise.all([...running.values()].map((r) => stop(r)));
    },
  };
}
