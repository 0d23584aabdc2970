// Starts that stop: --help and --version, bad flags and DOXY_* variables (exit 2), bad pattern files (3), bad stores (4).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VERSION } from '../../server/config.ts';
import { runDoxy } from '../harness/doxy.ts';

/**
 * A scratch directory per test. Its settings come as DOXY_* variables, so that a test's own flag or variable
 * overrides them, and a failed or exiting start stays away from the user's store, sockets and admin port.
 */
function scratch(): { dir: string; env: NodeJS.ProcessEnv; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'doxy-it-startup-'));
  return {
    dir,
    env: {
      DOXY_DOCKER_SOCKET: join(dir, 'docker.sock'),
      DOXY_PROXY_SOCKET: join(dir, 'doxy.sock'),
      DOXY_DB_FILE: join(dir, 'db.json'),
      DOXY_ADMIN_ADDRESS: 'none',
      XDG_STATE_HOME: join(dir, 'state'),
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

describe('doxy --help, --version and bad settings', () => {
  it('--help prints every flag with its variable and exits 0', async () => {
    const r = await runDoxy(['--help']);
    assert.equal(r.code, 0, r.stderr);
    for (const text of [
      '--docker-socket',
      'DOXY_DOCKER_SOCKET',
      '--proxy-socket',
      'DOXY_PROXY_SOCKET',
      '--pattern-file',
      '--db-file',
      '--admin-address',
      '--debug',
      '--version',
    ]) {
      assert.ok(r.stdout.includes(text), `--help names ${text}:\n${r.stdout}`);
    }
  });

  it('--version prints the version and exits 0', async () => {
    const r = await runDoxy(['--version']);
    assert.deepEqual({ code: r.code, stdout: r.stdout }, { code: 0, stdout: `${VERSION}\n` });
  });

  const bad: { title: string; args: string[]; env?: NodeJS.ProcessEnv; names: string }[] = [
    { title: 'an unknown flag', args: ['--bogus'], names: '--bogus' },
    { title: 'a flag without its value', args: ['--db-file'], names: '--db-file' },
    { title: 'an argument that is not a flag', args: ['extra'], names: 'extra' },
    { title: 'a bad --admin-address', args: ['--admin-address', 'nope'], names: '--admin-address' },
    {
      title: 'a world-writable DOXY_SOCKET_MODE',
      args: [],
      env: { DOXY_SOCKET_MODE: '666' },
      names: 'DOXY_SOCKET_MODE',
    },
    { title: 'a --socket-mode that is not octal', args: ['--socket-mode', '0x1b0'], names: '--socket-mode' },
    { title: 'a DOXY_DEBUG that is not a boolean', args: [], env: { DOXY_DEBUG: 'maybe' }, names: 'DOXY_DEBUG' },
    { title: 'an empty --proxy-socket', args: ['--proxy-socket', ''], names: '--proxy-socket' },
  ];
  for (const c of bad) {
    it(`${c.title} stops the start with exit 2 and a message naming ${c.names}`, async () => {
      const s = scratch();
      try {
        const r = await runDoxy(c.args, { ...s.env, ...c.env });
        assert.equal(r.code, 2, `${r.stdout}${r.stderr}`);
        assert.ok(r.stderr.includes(c.names), `stderr names ${c.names}:\n${r.stderr}`);
        assert.equal(existsSync(join(s.dir, 'db.json')), false, 'nothing was written');
        assert.equal(existsSync(join(s.dir, 'doxy.sock')), false, 'no socket was made');
      } finally {
        s.cleanup();
      }
    });
  }
});

describe('doxy pattern file and store errors', () => {
  it('a pattern file with a bad line exits 3 naming file:line and what is wrong', async () => {
    const s = scratch();
    try {
      const file = join(s.dir, 'bad.pattern');
      writeFileSync(file, '# reads\n^/_ping$\n\nallow GET (\n');
      const r = await runDoxy(['--pattern-file', file], s.env);
      assert.equal(r.code, 3, `${r.stdout}${r.stderr}`);
      assert.match(r.stderr, new RegExp(`${file.replace(/[.]/g, '\\.')}:4: .*missing closing \\)`));
      assert.equal(existsSync(join(s.dir, 'db.json')), false, 'the store was not created');
    } finally {
      s.cleanup();
    }
  });

  it('a missing pattern file exits 3 naming the file', async () => {
    const s = scratch();
    try {
      const file = join(s.dir, 'missing.pattern');
      const r = await runDoxy([], { ...s.env, DOXY_PATTERN_FILE: file });
      assert.equal(r.code, 3, `${r.stdout}${r.stderr}`);
      assert.ok(r.stderr.includes(`pattern file ${file}`), r.stderr);
    } finally {
      s.cleanup();
    }
  });

  const corrupt: { title: string; text: string; says: RegExp }[] = [
    { title: 'not JSON', text: '{"format": "doxy-store", "rules": [', says: /not valid JSON/ },
    {
      title: 'valid JSON with a bad pattern',
      text: `${JSON.stringify(
        {
          format: 'doxy-store',
          version: 1,
          revision: 1,
          rules: [{ id: 'bad', action: 'allow', methods: ['GET'], pattern: '(', comment: '', enabled: true }],
          history: [],
          adminToken: 'x'.repeat(24),
        },
        null,
        2,
      )}\n`,
      says: /\/rules\/0\/pattern: missing closing \)/,
    },
    { title: 'valid JSON of another shape', text: '{"rules": []}\n', says: /\/format/ },
  ];
  for (const c of corrupt) {
    it(`a store that is ${c.title} exits 4 naming the file and the problem, and is left byte for byte`, async () => {
      const s = scratch();
      try {
        const db = join(s.dir, 'db.json');
        writeFileSync(db, c.text);
        const r = await runDoxy([], s.env);
        assert.equal(r.code, 4, `${r.stdout}${r.stderr}`);
        assert.ok(r.stderr.includes(`store ${db}`), `stderr names the file:\n${r.stderr}`);
        assert.match(r.stderr, c.says);
        assert.equal(readFileSync(db, 'utf8'), c.text);
        assert.equal(existsSync(join(s.dir, 'doxy.sock')), false, 'no socket was made');
      } finally {
        s.cleanup();
      }
    });
  }
});
