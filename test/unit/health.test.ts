// judgeHealth: healthy only when every socket listens and the Docker socket answers /_ping; counts, never names.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgeHealth, type DockerReach, type HealthReport } from '../../shared/protocol/health.ts';
import { listeningPorts } from '../../server/health/tcp-listening.ts';

describe('judgeHealth', () => {
  const cases: [string, boolean[], DockerReach, HealthReport['status']][] = [
    ['every socket listens, Docker answers', [true, true], 'ok', 'healthy'],
    ['one socket of two does not listen', [true, false], 'ok', 'unhealthy'],
    ['no socket at all', [], 'ok', 'unhealthy'],
    ['the Docker socket is missing', [true], 'missing', 'unhealthy'],
    ['the Docker socket refuses', [true], 'refused', 'unhealthy'],
    ['the Docker socket is not permitted', [true], 'not-permitted', 'unhealthy'],
    ['the Docker socket does not answer', [true], 'no-answer', 'unhealthy'],
  ];
  for (const [title, listening, docker, status] of cases) {
    it(`is ${status} when ${title}`, () => {
      assert.deepEqual(judgeHealth(listening, docker), {
        status,
        sockets: { listening: listening.filter(Boolean).length, total: listening.length },
        docker,
      });
    });
  }
});

describe('listeningPorts', () => {
  it('reads the ports in LISTEN state from /proc/net/tcp and tcp6, and no others', () => {
    const tcp = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:0948 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4158778 1',
      '   1: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 217 1',
      '   2: 0100007F:1F90 0100007F:D822 01 00000000:00000000 00:00000000 00000000     0        0 0 3',
      '',
    ].join('\n');
    const tcp6 = [
      '  sl  local_address                         remote_address                        st tx_queue',
      '   0: 00000000000000000000000000000000:0948 00000000000000000000000000000000:0000 0A 00000000:00000000',
      '   1: 0000000000000000FFFF00000100007F:5BA0 0000000000000000FFFF00000100007F:829A 06 00000000:00000000',
    ].join('\n');
    assert.deepEqual([...listeningPorts(tcp)].sort(), [0x0948, 0x07e8].sort());
    assert.deepEqual([...listeningPorts(tcp6)], [0x0948]);
    assert.deepEqual([...listeningPorts('')], []);
  });
});
