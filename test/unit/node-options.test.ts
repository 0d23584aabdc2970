// The options node runs doxy's bundle with (V8's heap settings, chosen in the README's Performance section) are the
// same wherever it is started: npm start, the bin's first line (npm install -g, the systemd unit) and the image.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, START_NODE_ARGS, startNodeArgs } from '../harness/doxy.ts';

const read = (file: string): string => readFileSync(join(REPO, file), 'utf8');

describe('the options node runs the bundle with', () => {
  it('are read from the start script, and are the ones chosen', () => {
    assert.deepEqual(startNodeArgs('{"scripts":{"start":"node a.mjs && node --x=1 --y dist/server/main.js"}}'), [
      '--x=1',
      '--y',
    ]);
    assert.deepEqual(startNodeArgs('{"scripts":{"start":"node dist/server/main.js"}}'), []);
    assert.deepEqual(START_NODE_ARGS, ['--max-semi-space-size=1']);
  });

  it("are the bundle's first line, run by the bin", () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    assert.ok(
      scripts['build:server']?.includes(`--banner:js="#!/usr/bin/env -S node ${START_NODE_ARGS.join(' ')}"`),
      scripts['build:server'],
    );
  });

  it("are the image's entry point", () => {
    const entry = /^ENTRYPOINT (.*)$/m.exec(read('Dockerfile'))?.[1] ?? '';
    assert.deepEqual(JSON.parse(entry), ['node', ...START_NODE_ARGS, '/app/dist/server/main.js']);
  });
});
