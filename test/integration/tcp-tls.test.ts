// TLS and mutual TLS on TCP sockets, with certificates made here by openssl: the docker CLI (--tlsverify) and
// dockerode with a client certificate are served; no certificate, or one from another CA, is refused at the
// handshake; a certificate whose CN is not in the client map is refused after it; two client certificates on one
// port get two profiles, which the log names; and a change of the client map cuts an open connection it no longer admits.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connect as connectTls } from 'node:tls';
import Docker from 'dockerode';
import type { SocketsResponse } from '../../shared/protocol/sockets.ts';
import { freePort, startAdminDoxy, type AdminDoxy } from '../harness/admin.ts';
import { makeCa, makeCert, type CertFiles } from '../harness/certs.ts';
import {
  ALLOW_ALL,
  docker,
  dockerOk,
  removeAll,
  startContainer,
  uniqueName,
  waitUntil,
} from '../harness/docker-cli.ts';
import type { DoxyProcess } from '../harness/doxy.ts';
import { dockerEnv } from '../harness/env.ts';
import { psLogsExec, TICK } from '../harness/tcp-client.ts';

const { env, skip } = dockerEnv();
const daemon = env?.socket ?? '';
const image = env?.image ?? '';

describe('TLS and mutual TLS on TCP sockets', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'doxy-it-tls-'));
  let admin: AdminDoxy;
  let doxy: DoxyProcess;
  let mtls = '';
  let tlsOnly = '';
  let mtlsPort = 0;
  let ca: CertFiles;
  const clients: Record<'alice' | 'bob' | 'carol' | 'mallory', CertFiles> = {} as never;
  const box = uniqueName('tls-box');
  const nets = [uniqueName('tls-alice'), uniqueName('tls-bob')];

  /** The docker CLI's TLS flags for client `who` (none: only the CA, to check the server). */
  const tlsFlags = (host: string, who?: CertFiles): string[] => [
    '-H',
    host,
    '--tlsverify',
    '--tlscacert',
    ca.cert,
    ...(who ? ['--tlscert', who.cert, '--tlskey', who.key] : []),
  ];
  const dockerode = (who?: CertFiles, caFile = ca.cert): Docker =>
    new Docker({
      protocol: 'https',
      host: '127.0.0.1',
      port: mtlsPort,
      ca: readFileSync(caFile),
      ...(who ? { cert: readFileSync(who.cert), key: readFileSync(who.key) } : {}),
      timeout: 15_000,
    });

  before(async () => {
    ca = makeCa(dir, 'doxy-test-ca');
    const otherCa = makeCa(dir, 'other-ca');
    const server = makeCert(dir, ca, 'doxy', 'server');
    clients.alice = makeCert(dir, ca, 'alice', 'client');
    clients.bob = makeCert(dir, ca, 'bob', 'client');
    clients.carol = makeCert(dir, ca, 'carol', 'client');
    // Another CA's certificate, for a name the map lists.
    clients.mallory = makeCert(dir, otherCa, 'alice', 'client');
    await startContainer(daemon, image, box, TICK);
    mtlsPort = await freePort();
    mtls = `tcp://127.0.0.1:${mtlsPort}`;
    tlsOnly = `tcp://127.0.0.1:${await freePort()}`;
    const files = `tls-cert=${server.cert},tls-key=${server.key}`;
    admin = await startAdminDoxy({
      dockerSocket: daemon,
      patterns: ALLOW_ALL,
      args: [
        '--debug',
        '--socket',
        `${mtls}=traefik,${files},tls-ca=${ca.cert},client=alice:default,client=bob:homepage`,
        '--socket',
        `${tlsOnly}=homepage,${files}`,
      ],
    });
    doxy = admin.doxy;
  });
  after(async () => {
    await admin?.stop();
    await removeAll(daemon, { containers: [box], networks: nets });
    rmSync(dir, { recursive: true, force: true });
  });

  it('says at start which certificate gets which profile', () => {
    assert.match(
      doxy.output(),
      new RegExp(
        `socket ${mtls}: profile traefik, any client, mutual TLS \\(alice -> default, bob -> homepage; other certificates refused\\)`,
      ),
    );
  });

  it('serves the docker CLI with a client certificate: ps, logs -f, exec -i', async () => {
    await psLogsExec(doxy.socket, tlsFlags(mtls, clients.alice), box);
  });

  it('serves dockerode with ca, cert and key', async () => {
    const names = (await dockerode(clients.alice).listContainers()).flatMap((c) => c.Names);
    assert.ok(names.includes(`/${box}`), names.join(' '));
    const version = await dockerode(clients.bob).version();
    assert.ok(version.ApiVersion);
  });

  it('refuses a client with no certificate or one from another CA at the handshake', async () => {
    const before = doxy.output().split('TLS handshake failed').length;
    await assert.rejects(dockerode().listContainers());
    await assert.rejects(dockerode(clients.mallory).listContainers());
    const cli = await docker(doxy.socket, [...tlsFlags(mtls), 'ps']);
    assert.notEqual(cli.code, 0);
    assert.equal(cli.stdout, '');
    const other = await docker(doxy.socket, [...tlsFlags(mtls, clients.mallory), 'ps']);
    assert.notEqual(other.code, 0);
    assert.equal(other.stdout, '');
    await waitUntil(
      () => doxy.output().split('TLS handshake failed').length >= before + 2,
      'refusal lines for the handshakes',
    );
    assert.match(
      doxy.output(),
      /doxy: tcp:\/\/127\.0\.0\.1:\d+: refused a client at 127\.0\.0\.1: TLS handshake failed: .*certificate/,
    );
    assert.doesNotMatch(doxy.output(), /cn="alice" profile=traefik/);
  });

  it('refuses a certificate of the right CA whose CN the map does not list', async () => {
    const r = await docker(doxy.socket, [...tlsFlags(mtls, clients.carol), 'ps']);
    assert.notEqual(r.code, 0);
    assert.equal(r.stdout, '');
    await waitUntil(
      () => doxy.output().includes('certificate CN "carol" is not in the client map and unknown clients are refused'),
      'the refusal line for carol',
    );
  });

  it('gives two client certificates two profiles on one port, and the log names each', async () => {
    await dockerOk(doxy.socket, [...tlsFlags(mtls, clients.alice), 'network', 'create', nets[0] ?? '']);
    const bob = await docker(doxy.socket, [...tlsFlags(mtls, clients.bob), 'network', 'create', nets[1] ?? '']);
    assert.notEqual(bob.code, 0);
    assert.match(bob.stderr, /doxy: POST \/v[\d.]+\/networks\/create is denied: no rule allows it/);
    await waitUntil(
      () =>
        /POST \/v[\d.]+\/networks\/create allow .* client=127\.0\.0\.1 cn="alice" profile=default/.test(
          doxy.output(),
        ) &&
        /POST \/v[\d.]+\/networks\/create deny .* client=127\.0\.0\.1 cn="bob" profile=homepage/.test(doxy.output()),
      'a debug line for each',
    );
  });

  it('serves TLS without client certificates when the socket has no tls-ca', async () => {
    assert.match(await dockerOk(doxy.socket, [...tlsFlags(tlsOnly), 'ps', '--format', '{{.Names}}']), new RegExp(box));
    // Not plain HTTP: the CLI without TLS gets no answer it can read.
    const plain = await docker(doxy.socket, ['-H', tlsOnly, 'ps']);
    assert.notEqual(plain.code, 0);
  });

  // Last: it takes alice out of the map.
  it('cuts an open connection, a stream in flight, whose certificate a changed client map no longer lists', async () => {
    const stream = connectTls({
      host: '127.0.0.1',
      port: mtlsPort,
      ca: readFileSync(ca.cert),
      cert: readFileSync(clients.alice.cert),
      key: readFileSync(clients.alice.key),
    });
    let got = '';
    stream.on('data', (d: Buffer) => {
      got += d.toString();
    });
    stream.on('error', () => undefined);
    const closed = new Promise<void>((resolve) => stream.once('close', () => resolve()));
    stream.once('secureConnect', () => stream.write('GET /events HTTP/1.1\r\nHost: doxy\r\n\r\n'));
    await waitUntil(() => got.startsWith('HTTP/1.1 200'), "the head of alice's event stream");
    const state = (await admin.call('/api/sockets')).body as SocketsResponse;
    const sockets = state.sockets.map((s) =>
      s.path === mtls ? { ...s, clients: (s.clients ?? []).filter((c) => c.cn !== 'alice') } : s,
    );
    const r = await admin.call('/api/sockets', { method: 'PUT', body: { basedOn: state.revision, sockets } });
    assert.equal(r.status, 200, r.text);
    await closed;
    await waitUntil(
      () =>
        doxy
          .output()
          .includes(
            `doxy: ${mtls}: cut a connection of 127.0.0.1: certificate CN "alice" is not in the client map and unknown clients are refused`,
          ),
      'the line saying so',
    );
    // A new connection with the same certificate is refused; bob, still listed, is served.
    const again = await docker(doxy.socket, [...tlsFlags(mtls, clients.alice), 'ps']);
    assert.notEqual(again.code, 0);
    assert.equal(again.stdout, '');
    assert.match(
      await dockerOk(doxy.socket, [...tlsFlags(mtls, clients.bob), 'ps', '--format', '{{.Names}}']),
      new RegExp(box),
    );
  });
});
