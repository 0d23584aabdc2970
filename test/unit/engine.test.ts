// Which engine doxy says it fronts, from what the daemon answered to /_ping and /version.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeEngine, engineOf } from '../../shared/protocol/engine.ts';

// Trimmed from what Docker 20.10 and Podman 4.3 answer here.
const DOCKER_VERSION = {
  Platform: { Name: '' },
  Components: [{ Name: 'Engine', Version: '20.10.24+dfsg1', Details: { ApiVersion: '1.41' } }],
  Version: '20.10.24+dfsg1',
  ApiVersion: '1.41',
};
const PODMAN_VERSION = {
  Platform: { Name: 'linux/amd64/debian-12' },
  Components: [{ Name: 'Podman Engine', Version: '4.3.1', Details: { APIVersion: '4.3.1' } }],
  Version: '4.3.1',
  ApiVersion: '1.41',
};

describe('engineOf', () => {
  it('reads Docker from a ping without Libpod-Api-Version and its /version', () => {
    const e = engineOf({ apiVersion: '1.41', libpodApiVersion: undefined, version: DOCKER_VERSION });
    assert.deepEqual(e, { name: 'Docker', version: '20.10.24+dfsg1', api: '1.41', libpodApi: null });
    assert.equal(describeEngine(e), 'Docker 20.10.24+dfsg1 (API 1.41; no libpod API)');
  });
  it('reads Podman from the Libpod-Api-Version header and the "Podman Engine" component', () => {
    const e = engineOf({ apiVersion: '1.41', libpodApiVersion: '4.3.1', version: PODMAN_VERSION });
    assert.deepEqual(e, { name: 'Podman', version: '4.3.1', api: '1.41', libpodApi: '4.3.1' });
    assert.equal(describeEngine(e), 'Podman 4.3.1 (libpod API 4.3.1, Docker API 1.41)');
  });
  it('knows Podman by either sign alone', () => {
    assert.equal(engineOf({ apiVersion: '1.41', libpodApiVersion: '4.3.1', version: null }).name, 'Podman');
    assert.equal(
      engineOf({ apiVersion: undefined, libpodApiVersion: undefined, version: PODMAN_VERSION }).name,
      'Podman',
    );
  });
  it('says what it does not know, and never prints what a daemon sends unchecked', () => {
    const e = engineOf({
      apiVersion: '1.41\u001b[2J',
      libpodApiVersion: undefined,
      version: { Version: 'x'.repeat(65) },
    });
    assert.deepEqual(e, { name: 'Docker', version: null, api: null, libpodApi: null });
    assert.equal(describeEngine(e), 'Docker (API ?; no libpod API)');
    assert.deepEqual(
      engineOf({ apiVersion: undefined, libpodApiVersion: undefined, version: 'not json' }).version,
      null,
    );
  });
});
