// Large bodies both ways through doxy (allow * .*): docker cp, a legacy build with a ~20 MB context, save and import.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ALLOW_ALL,
  docker,
  dockerOk,
  exists,
  removeAll,
  startContainer,
  startDoxyWithPatterns,
  uniqueName,
} from '../harness/docker-cli.ts';
import type { DoxyProcess } from '../harness/doxy.ts';
import { dockerEnv } from '../harness/env.ts';

const { env, skip } = dockerEnv();
const daemon = env?.socket ?? '';
const image = env?.image ?? '';
const CONTEXT_BYTES = 20 * 1024 * 1024;

describe('transfers through doxy (allow * .*)', { skip }, () => {
  let doxy: DoxyProcess;
  let tmp = '';
  const box = uniqueName('cp');
  const containers = [box];
  const images: string[] = [];

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'doxy-it-transfers-'));
    doxy = await startDoxyWithPatterns(daemon, ALLOW_ALL);
    await startContainer(daemon, image, box, ['sleep', '300']);
  });
  after(async () => {
    await doxy?.stop();
    await removeAll(daemon, { containers, images });
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('docker cp copies a file into a container and back out unchanged', async () => {
    const data = randomBytes(512 * 1024);
    writeFileSync(join(tmp, 'in.bin'), data);
    await dockerOk(doxy.socket, ['cp', join(tmp, 'in.bin'), `${box}:/tmp/in.bin`]);
    // Seen by the daemon itself, not only through doxy.
    assert.equal(
      (await dockerOk(daemon, ['exec', box, 'wc', '-c', '/tmp/in.bin'])).trim(),
      `${data.length} /tmp/in.bin`,
    );
    await dockerOk(doxy.socket, ['cp', `${box}:/tmp/in.bin`, join(tmp, 'out.bin')]);
    assert.ok(readFileSync(join(tmp, 'out.bin')).equals(data), 'the copy back is byte for byte the original');
  });

  it('docker build (legacy builder) uploads a ~20 MB context, runs COPY and RUN, and tags the image', async () => {
    const context = join(tmp, 'context');
    mkdirSync(context);
    writeFileSync(join(context, 'data.bin'), randomBytes(CONTEXT_BYTES));
    writeFileSync(
      join(context, 'Dockerfile'),
      `FROM ${image}\nCOPY data.bin /data.bin\nRUN wc -c /data.bin > /size.txt\n`,
    );
    const tag = `${uniqueName('build')}:latest`;
    images.push(tag);
    const r = await docker(doxy.socket, ['build', '--network', 'none', '--force-rm', '-t', tag, context], {
      env: { DOCKER_BUILDKIT: '0' },
      timeoutMs: 120_000,
    });
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /Successfully tagged /);
    const size = await dockerOk(daemon, ['run', '--rm', '--network', 'none', tag, 'cat', '/size.txt']);
    assert.equal(size.trim(), `${CONTEXT_BYTES} /data.bin`);
  });

  it('docker save writes an image archive', async () => {
    const file = join(tmp, 'save.tar');
    await dockerOk(doxy.socket, ['save', '-o', file, image], { timeoutMs: 60_000 });
    const entries = execFileSync('tar', ['-tf', file], { encoding: 'utf8' }).split('\n');
    assert.ok(entries.includes('manifest.json'), entries.join(' '));
  });

  it('docker import makes an image from a root file system archive on stdin', async () => {
    const root = join(tmp, 'rootfs');
    mkdirSync(root);
    writeFileSync(join(root, 'hello.txt'), 'imported\n');
    const tar = execFileSync('tar', ['-C', root, '-cf', '-', '.']);
    const tag = `${uniqueName('import')}:latest`;
    images.push(tag);
    await dockerOk(doxy.socket, ['import', '-', tag], { input: tar, timeoutMs: 60_000 });
    assert.equal(await exists(daemon, 'image', tag), true);
  });
});
