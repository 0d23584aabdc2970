// TCP sockets in the pure core: addresses and CIDR blocks (IPv4, IPv6, mapped), the checks of a tcp:// spec (the
// unguarded non-loopback listener above all), the client-certificate profile choice, and the --socket flag's tcp form.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, parseConfig } from '../../server/config.ts';
import { checkConfiguration } from '../../shared/profiles/configuration.ts';
import { formatIp, inCidr, parseCidr, parseIp } from '../../shared/profiles/ip-address.ts';
import { parseTcpAddress, profileForClient, tcpSocketProblems } from '../../shared/profiles/tcp-socket.ts';
import type { SocketSpec } from '../../shared/profiles/types.ts';

describe('addresses and CIDR blocks', () => {
  const ips: [string, string | null][] = [
    ['10.1.2.3', '10.1.2.3'],
    ['::1', '0:0:0:0:0:0:0:1'],
    ['fd00::a:1', 'fd00:0:0:0:0:0:a:1'],
    ['::ffff:127.0.0.1', '127.0.0.1'],
    ['::ffff:7f00:1', '127.0.0.1'],
    ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8'],
    ['64:ff9b::192.0.2.1', '64:ff9b:0:0:0:0:c000:201'],
    ['256.0.0.1', null],
    ['01.2.3.4', null],
    ['1.2.3', null],
    ['1::2::3', null],
    ['1:2:3:4:5:6:7:8:9', null],
    ['1:2:3:4:5:6:7::8', null],
    ['gg::1', null],
    ['localhost', null],
    ['', null],
  ];
  for (const [text, want] of ips)
    it(`reads ${JSON.stringify(text)} as ${want ?? 'no address'}`, () => {
      const bytes = parseIp(text);
      assert.equal(bytes ? formatIp(bytes) : null, want);
    });

  const contains: [string, string, boolean][] = [
    ['127.0.0.1/32', '127.0.0.1', true],
    ['127.0.0.1/32', '127.0.0.2', false],
    ['127.0.0.1', '127.0.0.1', true],
    ['10.0.0.0/8', '10.255.1.2', true],
    ['10.0.0.0/8', '11.0.0.1', false],
    ['172.16.0.0/12', '172.31.255.255', true],
    ['172.16.0.0/12', '172.32.0.0', false],
    ['0.0.0.0/0', '203.0.113.9', true],
    ['0.0.0.0/0', '::1', false],
    ['fd00::/8', 'fd12:3456::1', true],
    ['fd00::/8', 'fe80::1', false],
    ['::1/128', '::1', true],
    ['::/0', '2001:db8::1', true],
    ['::/0', '10.0.0.1', false],
    ['::ffff:10.0.0.0/104', '10.9.8.7', true],
    ['10.0.0.0/8', '::ffff:10.1.1.1', true],
    ['192.168.1.0/25', '192.168.1.127', true],
    ['192.168.1.0/25', '192.168.1.128', false],
  ];
  for (const [block, address, want] of contains)
    it(`${block} ${want ? 'holds' : 'does not hold'} ${address}`, () => {
      const cidr = parseCidr(block);
      const ip = parseIp(address);
      assert.ok(cidr && ip);
      assert.equal(inCidr(ip, cidr), want);
    });

  for (const bad of [
    '10.0.0.0/33',
    '::/129',
    '10.0.0.0/',
    '10.0.0.0/8/8',
    '10.0.0.0/-1',
    'host/8',
    '::ffff:10.0.0.0/95',
  ])
    it(`refuses the block ${JSON.stringify(bad)}`, () => assert.equal(parseCidr(bad), null));
});

describe('a tcp:// socket spec', () => {
  const tcp = (path: string, extra: Partial<SocketSpec> = {}): SocketSpec => ({
    path,
    profile: 'ro',
    mode: '660',
    ...extra,
  });
  const problems = (spec: SocketSpec): string[] => tcpSocketProblems(spec, '/s').map((p) => `${p.where}: ${p.message}`);

  it('reads IPv4, bracketed IPv6 and host names with a port', () => {
    assert.deepEqual(parseTcpAddress('tcp://127.0.0.1:2375'), { host: '127.0.0.1', port: 2375 });
    assert.deepEqual(parseTcpAddress('tcp://[::1]:2375'), { host: '::1', port: 2375 });
    assert.deepEqual(parseTcpAddress('tcp://socket-proxy:2375'), { host: 'socket-proxy', port: 2375 });
    for (const bad of [
      'tcp://127.0.0.1',
      'tcp://::1:2375',
      'tcp://[10.0.0.1]:1',
      'tcp://h:0',
      'tcp://h:65536',
      'tcp://a_b:1',
      'tcp://h:1/x',
    ])
      assert.equal(typeof parseTcpAddress(bad), 'string', bad);
  });

  it('is fine on loopback with nothing else', () => {
    for (const path of ['tcp://127.0.0.1:2375', 'tcp://127.3.4.5:2375', 'tcp://[::1]:2375', 'tcp://localhost:2375'])
      assert.deepEqual(problems(tcp(path)), [], path);
  });

  it('refuses a listener other machines can reach with neither allow-from nor a client CA', () => {
    for (const path of ['tcp://0.0.0.0:2375', 'tcp://[::]:2375', 'tcp://192.168.1.5:2375', 'tcp://doxy:2375']) {
      const [only, ...rest] = problems(tcp(path));
      assert.match(
        only ?? '',
        /^\/s\/allowFrom: .* is reachable from other machines with neither allow-from nor a client CA/,
      );
      assert.deepEqual(rest, []);
    }
    assert.deepEqual(problems(tcp('tcp://0.0.0.0:2375', { allowFrom: ['10.0.0.0/8'] })), []);
    assert.deepEqual(problems(tcp('tcp://0.0.0.0:2375', { tlsCert: '/c', tlsKey: '/k', tlsCa: '/ca' })), []);
    // TLS alone encrypts but lets anyone in.
    assert.equal(problems(tcp('tcp://0.0.0.0:2375', { tlsCert: '/c', tlsKey: '/k' })).length, 1);
  });

  it('names the field of each bad option', () => {
    assert.deepEqual(
      problems(
        tcp('tcp://127.0.0.1:1', {
          owner: 'root',
          allowFrom: ['10.0.0.0/8', '10.0.0.0/40', 'not a host'],
          tlsKey: 'key.pem',
          clients: [
            { cn: 'alice', profile: 'ops' },
            { cn: 'alice', profile: 'ro' },
            { cn: 'a,b', profile: 'bad name!' },
          ],
        }),
      ).map((p) => p.split(':')[0]),
      [
        '/s/owner',
        '/s/allowFrom/1',
        '/s/allowFrom/2',
        '/s/tlsKey',
        '/s/tlsCert',
        '/s/clients/1/cn',
        '/s/clients/2/cn',
        '/s/clients/2/profile',
        '/s/clients',
      ],
    );
    assert.deepEqual(
      problems(
        tcp('tcp://127.0.0.1:1', {
          tlsCert: '/c',
          tlsKey: '/k',
          tlsCa: '/ca',
          clients: [{ cn: 'CN with spaces', profile: 'ops' }],
        }),
      ),
      [],
    );
  });

  it('keeps TCP options off unix sockets', () => {
    assert.deepEqual(
      problems({ path: '/run/x.sock', profile: 'ro', mode: '660', allowFrom: ['10.0.0.1'], tlsCa: '/ca' }),
      ['/s/allowFrom: allowFrom applies to tcp:// sockets only', '/s/tlsCa: tlsCa applies to tcp:// sockets only'],
    );
  });

  it('checks that every profile of the client map exists', () => {
    const r = checkConfiguration({
      profiles: [{ name: 'default', rules: [] }],
      sockets: [
        tcp('tcp://127.0.0.1:1', {
          profile: 'default',
          tlsCert: '/c',
          tlsKey: '/k',
          tlsCa: '/ca',
          clients: [{ cn: 'a', profile: 'ops' }],
        }),
      ],
    });
    assert.ok(!r.ok);
    assert.deepEqual(r.problems, [{ where: '/sockets/0/clients/0/profile', message: 'there is no profile "ops"' }]);
  });

  it('chooses the profile by certificate CN: the map, else refused, or the socket profile when asked', () => {
    const spec = tcp('tcp://127.0.0.1:1', { clients: [{ cn: 'alice', profile: 'ops' }] });
    assert.equal(profileForClient(spec, 'alice'), 'ops');
    assert.equal(profileForClient(spec, 'bob'), null);
    assert.equal(profileForClient(spec, null), null);
    assert.equal(profileForClient({ ...spec, unknownClients: 'socket-profile' }, 'bob'), 'ro');
    assert.equal(profileForClient(tcp('tcp://127.0.0.1:1'), 'anyone'), 'ro');
  });
});

describe('--socket tcp://', () => {
  const quiet = { write: () => undefined };
  const parse = (...values: string[]) =>
    parseConfig(
      values.flatMap((v) => ['--socket', v]),
      { HOME: '/home/u' },
      quiet,
    ).sockets.map((s) => s.spec);
  const refusal = (...values: string[]): string => {
    try {
      parse(...values);
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      return error.message;
    }
    return 'no error';
  };

  it('reads repeatable allow-from, TLS files (made absolute) and the client map', () => {
    assert.deepEqual(
      parse(
        'tcp://[::]:2375=ro,allow-from=10.0.0.0/8,allow-from=traefik,tls-cert=/etc/doxy/cert.pem,tls-key=/etc/doxy/key.pem,tls-ca=/etc/doxy/ca.pem,client=ci runner:ci,client=ops:default,unknown-clients=socket-profile',
        'tcp://LocalHost:2376=default',
      ),
      [
        {
          path: 'tcp://[::]:2375',
          profile: 'ro',
          mode: '660',
          allowFrom: ['10.0.0.0/8', 'traefik'],
          tlsCert: '/etc/doxy/cert.pem',
          tlsKey: '/etc/doxy/key.pem',
          tlsCa: '/etc/doxy/ca.pem',
          clients: [
            { cn: 'ci runner', profile: 'ci' },
            { cn: 'ops', profile: 'default' },
          ],
          unknownClients: 'socket-profile',
        },
        { path: 'tcp://localhost:2376', profile: 'default', mode: '660' },
      ],
    );
  });

  const refusals: [string, RegExp][] = [
    ['tcp://0.0.0.0:2375=ro', /reachable from other machines with neither allow-from nor a client CA \(tls-ca\)/],
    ['tcp://127.0.0.1:2375=ro,mode=600', /mode applies to unix sockets only/],
    ['/run/x.sock=ro,allow-from=10.0.0.1', /allow-from applies to tcp:\/\/ sockets only/],
    ['tcp://127.0.0.1:2375=ro,tls-cert=/c', /TLS needs both a certificate \(tls-cert\) and its key \(tls-key\)/],
    ['tcp://127.0.0.1:2375=ro,tls-cert=/c,tls-key=/k,client=alice', /client=alice is not client=CN:PROFILE/],
    ['tcp://127.0.0.1:2375=ro,unknown-clients=maybe', /unknown-clients=maybe is not refuse or socket-profile/],
    ['tcp://127.0.0.1:2375=ro,tls-ca=/a,tls-ca=/b', /tls-ca is given twice/],
    ['tcp://127.0.0.1:2375=ro,allow-from=10.0.0.0/33', /"10\.0\.0\.0\/33" is neither a CIDR/],
    ['tcp://127.0.0.1=ro', /is not tcp:\/\/HOST:PORT/],
  ];
  for (const [value, message] of refusals) it(`refuses ${value}`, () => assert.match(refusal(value), message));

  it('refuses the same address twice, however it is spelled', () => {
    assert.match(refusal('tcp://LOCALHOST:1=a', 'tcp://localhost:1=b'), /socket tcp:\/\/localhost:1 is given twice/);
  });

  it('reads DOXY_SOCKETS the same way, and a refusal names the variable', () => {
    const env = { HOME: '/home/u', DOXY_SOCKETS: 'tcp://0.0.0.0:2375=ro,allow-from=10.0.0.0/8;tcp://[::1]:2376=ro' };
    assert.deepEqual(
      parseConfig([], env, quiet).sockets.map((s) => [s.spec.path, s.spec.allowFrom, s.source]),
      [
        ['tcp://0.0.0.0:2375', ['10.0.0.0/8'], 'DOXY_SOCKETS'],
        ['tcp://[::1]:2376', undefined, 'DOXY_SOCKETS'],
      ],
    );
    assert.throws(
      () => parseConfig([], { HOME: '/home/u', DOXY_SOCKETS: 'tcp://0.0.0.0:2375=ro' }, quiet),
      /^Error: DOXY_SOCKETS: "tcp:\/\/0\.0\.0\.0:2375=ro": .*neither allow-from nor a client CA/,
    );
  });
});
