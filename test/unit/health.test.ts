// judgeHealth: healthy only when every socket listens and the Docker socket answers /_ping; counts, never names.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgeHealth, type DockerReach, type HealthReport } from '../../shared/protocol/health.ts';

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
