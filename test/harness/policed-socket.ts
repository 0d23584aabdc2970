// Gives a running doxy (admin app on) one more socket, bound to a new profile with a body policy, the way a user would
// in the app: create the profile (from a preset, or with rules), save its policy, add the socket.
import assert from 'node:assert/strict';
import type { BodyPolicy } from '../../shared/policy/body-policy.ts';
import type { PolicyResponse } from '../../shared/protocol/policy.ts';
import type { SocketsResponse } from '../../shared/protocol/sockets.ts';
import type { Rule } from '../../shared/rules/types.ts';
import type { AdminDoxy } from './admin.ts';

async function revisionOf(a: AdminDoxy): Promise<number> {
  return ((await a.call('/api/policy')).body as PolicyResponse).revision;
}

/** Makes profile `name` (from `preset`, or holding `rules`) with `policy`, and a socket at `path` bound to it. */
export async function addPolicedSocket(
  a: AdminDoxy,
  path: string,
  name: string,
  from: { readonly preset: string } | { readonly rules: readonly Rule[] },
  policy: BodyPolicy,
): Promise<void> {
  const made = await a.call('/api/profiles', {
    method: 'POST',
    body: { basedOn: await revisionOf(a), name, ...('preset' in from ? { from: { preset: from.preset } } : {}) },
  });
  assert.equal(made.status, 201, made.text);
  if ('rules' in from) {
    const put = await a.call(`/api/rules?profile=${name}&confirm=1`, {
      method: 'PUT',
      body: { basedOn: await revisionOf(a), rules: from.rules },
    });
    assert.equal(put.status, 200, put.text);
  }
  const saved = await a.call(`/api/policy?profile=${name}`, {
    method: 'PUT',
    body: { basedOn: await revisionOf(a), policy },
  });
  assert.equal(saved.status, 200, saved.text);
  await addSocket(a, path, name);
}

/** Adds a socket at `path` bound to profile `name`, keeping the others, and checks that it listens. */
export async function addSocket(a: AdminDoxy, path: string, name: string): Promise<void> {
  const current = (await a.call('/api/sockets')).body as SocketsResponse;
  const list = current.sockets
    .filter((s) => s.source !== 'proxy-socket')
    .map((s) => ({ path: s.path, profile: s.profile, mode: s.mode }));
  const bound = await a.call('/api/sockets', {
    method: 'PUT',
    body: { basedOn: current.revision, sockets: [...list, { path, profile: name, mode: '660' }] },
  });
  assert.equal(bound.status, 200, bound.text);
  const state = (bound.body as SocketsResponse).sockets.find((s) => s.path === path);
  assert.equal(state?.listening, true, bound.text);
}
