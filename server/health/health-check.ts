// `doxy --health-check`: checks the doxy that wrote the health file from outside, the way a client sees it (each
// socket accepts a connection, the Docker socket answers /_ping), prints one line per problem and returns the exit code.
import { connect } from 'node:net';
import { judgeHealth } from '../../shared/protocol/health.ts';
import { dialableHost } from '../../shared/profiles/ip-address.ts';
import { isTcpPath, parseTcpAddress } from '../../shared/profiles/tcp-socket.ts';
import { explainDockerReach, reachDocker } from './docker-reach.ts';
import { readHealthFile } from './health-file.ts';
import { portListens } from './tcp-listening.ts';

const CONNECT_TIMEOUT_MS = 3000;

/** A TCP socket is asked of the kernel (see tcp-listening.ts); a unix socket, by connecting to it. */
function listens(path: string): Promise<true | string> {
  if (!isTcpPath(path)) return accepts({ path });
  const address = parseTcpAddress(path);
  if (typeof address === 'string') return Promise.resolve(address);
  const listening = portListens(address.port);
  if (listening === null) return accepts({ host: dialableHost(address.host), port: address.port });
  return Promise.resolve(listening || `nothing listens on port ${address.port}`);
}

function accepts(to: { path: string } | { host: string; port: number }): Promise<true | string> {
  return new Promise((resolve) => {
    const socket = connect(to);
    const done = (result: true | string): void => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(CONNECT_TIMEOUT_MS, () => done('no answer'));
    socket.once('connect', () => done(true));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
  });
}

/** 0 when healthy, 1 when not, as Docker's HEALTHCHECK wants. */
export async function runHealthCheck(file: string, out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const state = readHealthFile(file);
  if (typeof state === 'string') {
    out.write(`doxy: unhealthy: ${state}\n`);
    return 1;
  }
  const [results, docker] = await Promise.all([
    Promise.all(state.sockets.map(listens)),
    reachDocker(state.dockerSocket),
  ]);
  const report = judgeHealth(
    results.map((r) => r === true),
    docker,
  );
  results.forEach((r, i) => {
    if (r !== true) out.write(`doxy: socket ${state.sockets[i]} is not listening (${r})\n`);
  });
  if (docker !== 'ok') out.write(`doxy: ${explainDockerReach(state.dockerSocket, docker)}\n`);
  out.write(
    `doxy: ${report.status}: ${report.sockets.listening} of ${report.sockets.total} sockets listening, Docker ${docker}\n`,
  );
  return report.status === 'healthy' ? 0 : 1;
}
