// The Engine API catalog holds exactly the operations of the engine's own specification (Debian's
// golang-github-docker-docker-dev ships it; the product never reads it).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { isLibpod, OPERATIONS, operationPattern, samplePath } from '../../shared/catalog/engine-api.ts';
import { compilePattern } from '../../shared/rules/pattern.ts';

const SWAGGER = '/usr/share/gocode/src/github.com/docker/docker/api/swagger.yaml';
// A skip that test/run.ts lists, and fails on under CI=true.
const missing = existsSync(SWAGGER) ? false : `${SWAGGER} is missing (apt-get install golang-github-docker-docker-dev)`;

/** Method and path of every operation under `paths:`; the file's layout is two-space YAML. */
function swaggerOperations(text: string): string[] {
  const lines = text.split('\n');
  const ops: string[] = [];
  let path = '';
  for (const line of lines.slice(lines.indexOf('paths:') + 1)) {
    if (/^\S/.test(line)) break;
    const p = /^ {2}(\/\S+):\s*$/.exec(line);
    if (p) {
      path = p[1] ?? '';
      continue;
    }
    const m = /^ {4}(get|post|put|delete|head|patch):\s*$/.exec(line);
    if (m && path) ops.push(`${(m[1] ?? '').toUpperCase()} ${path}`);
  }
  return ops;
}

describe('Engine API catalog', { skip: missing }, () => {
  const spec = swaggerOperations(readFileSync(SWAGGER, 'utf8'));
  const docker = OPERATIONS.filter((o) => !isLibpod(o));
  const ours = docker.filter((o) => !o.beyondReference).map((o) => `${o.method} ${o.template}`);
  const beyond = docker.filter((o) => o.beyondReference).map((o) => `${o.method} ${o.template}`);

  it('has every operation of swagger.yaml', () => {
    assert.ok(spec.length > 100, `parsed only ${spec.length} operations`);
    assert.deepEqual(
      spec.filter((op) => !ours.includes(op)),
      [],
    );
  });
  it('has nothing swagger.yaml lacks, and no duplicates', () => {
    assert.deepEqual(
      ours.filter((op) => !spec.includes(op)),
      [],
    );
    assert.equal(new Set([...ours, ...beyond]).size, ours.length + beyond.length);
  });
  it('marks as beyond the reference only what swagger.yaml lacks (old API versions, experimental, BuildKit)', () => {
    assert.deepEqual(
      beyond.filter((op) => spec.includes(op)),
      [],
    );
    assert.deepEqual(beyond.sort(), [
      'DELETE /containers/{id}/checkpoints/{checkpoint}',
      'GET /containers/{id}/checkpoints',
      'POST /build/cancel',
      'POST /containers/{id}/checkpoints',
      'POST /containers/{id}/copy',
      'POST /grpc',
    ]);
  });
});

describe('operation patterns', () => {
  it('match their own sample path, versioned and not', () => {
    for (const op of OPERATIONS) {
      const c = compilePattern(operationPattern(op));
      assert.ok(c.ok, op.template);
      assert.ok(c.pattern.test(samplePath(op)), `${op.template} ${samplePath(op)}`);
      assert.ok(c.pattern.test(samplePath(op, 'v1.41')), `${op.template} versioned`);
      assert.equal(c.pattern.test(samplePath(op, 'v4.3.1')), isLibpod(op), `${op.template} with a libpod version`);
    }
  });
});

describe('libpod operations', () => {
  const libpod = OPERATIONS.filter(isLibpod);
  it('are the area libpod, and no other area holds a /libpod/ path', () => {
    assert.ok(libpod.length > 40);
    assert.deepEqual(
      OPERATIONS.filter((o) => (o.area === 'libpod') !== isLibpod(o)),
      [],
    );
  });
  it("rate each read like its Docker equivalent (a container's inspect, logs, export and archive reveal secrets)", () => {
    for (const op of libpod) {
      const docker = OPERATIONS.find(
        (o) => !isLibpod(o) && o.method === op.method && `/libpod${o.template}` === op.template,
      );
      if (docker) assert.equal(op.risk, docker.risk, `${op.method} ${op.template}`);
    }
    assert.equal(libpod.filter((o) => o.risk === 'secret-read').length, 7);
  });
});
