// The bench's reference target (issue 15): the least a Node forwarder of the Docker socket does, with nothing around
// node:http. One keep-alive agent; each request and its answer piped through; an upgrade (exec start) passed to the
// daemon with http.request and, after its 101, the two sockets piped into each other. No rules, no log, no checks.
// `node bare-forwarder.mjs LISTEN_SOCKET DOCKER_SOCKET` (bundled by the bench, run under plain node as doxy is);
// prints "listening on" once it does.
import { rmSync } from 'node:fs';
import { Agent, createServer, request, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

function statusLine(res: IncomingMessage): string {
  let head = `HTTP/1.1 ${res.statusCode ?? 502} ${res.statusMessage ?? ''}\r\n`;
  const raw = res.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) head += `${raw[i]}: ${raw[i + 1]}\r\n`;
  return `${head}\r\n`;
}

function main(): void {
  const [listen, docker] = process.argv.slice(2);
  if (!listen || !docker) throw new Error('usage: bare-forwarder LISTEN_SOCKET DOCKER_SOCKET');
  const agent = new Agent({ keepAlive: true });

  const server = createServer((req, res) => {
    const up = request({ socketPath: docker, method: req.method, path: req.url, headers: req.headers, agent }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.rawHeaders);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });

  // The bench's upgrade requests arrive whole in one write, so their body is all in `head`.
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const up = request({ socketPath: docker, method: req.method, path: req.url, headers: req.headers });
    up.on('upgrade', (r: IncomingMessage, upSocket: Duplex, upHead: Buffer) => {
      upSocket.on('error', () => upSocket.destroy());
      socket.write(statusLine(r));
      if (upHead.length > 0) socket.write(upHead);
      upSocket.pipe(socket);
      socket.pipe(upSocket);
    });
    up.on('response', (r: IncomingMessage) => {
      socket.write(statusLine(r));
      r.pipe(socket);
    });
    up.on('error', () => socket.destroy());
    up.end(head);
  });

  rmSync(listen, { force: true });
  server.listen(listen, () => process.stdout.write(`bare forwarder: listening on ${listen}\n`));
  process.on('SIGTERM', () => process.exit(0));
}

main();
