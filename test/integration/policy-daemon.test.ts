// What checkBody forwards, sent straight to the private dockerd (no proxy yet): the daemon decodes every forwarded body
// without a JSON error (doxy's serialisation is one the daemon reads), and every container it creates from a
// random body satisfies the policy, read back from the daemon's own inspect.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BodyPolicy } from '../../shared/policy/body-policy.ts';
import { checkBody } from '../../shared/policy/check-body.ts';
import { policedRequest } from '../../shared/policy/operations.ts';
import { BODY_CASES, FUZZ_POLICIES, POLICIES } from '../cases/body-policy-cases.ts';
import { madeAndRemoved, randomCreateBody, violations } from '../cases/body-policy-fuzz.ts';
import { dockerEnv } from '../harness/env.ts';
import { http } from '../harness/raw-http.ts';
import { prng } from '../security/lib.ts';

const { env, skip } = dockerEnv();
const daemon = env?.socket ?? '';
const image = JSON.stringify(env?.image ?? '');

/** The message of a daemon that could not decode the body (20.10 answers 500 for a type error, 400 for syntax). */
const DECODE_ERROR = /json|unmarshal|invalid character|unexpected end/i;
/** Names in the tables that stand for an image; the private daemon has only its test image. */
const IMAGE_VALUES = /"Image":"[^"]*"/g;

function post(path: string, body: string): Promise<{ status: number; body: string }> {
  return http(daemon, path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
    body,
    timeoutMs: 30_000,
  });
}

/** The policy without its image patterns: every body names the test image here. */
function anyImage(policy: BodyPolicy): BodyPolicy {
  return { ...policy, images: null };
}

describe('forwarded bodies on the real daemon', { skip }, () => {
  let container = '';

  before(async () => {
    const r = await post('/v1.41/containers/create', `{"Image":${image},"Cmd":["sleep","60"]}`);
    assert.equal(r.status, 201, r.body);
    container = (JSON.parse(r.body) as { Id: string }).Id;
    assert.equal((await post(`/containers/${container}/start`, '')).status, 204);
  });

  after(async () => {
    await http(daemon, `/containers/${container}?force=1`, { method: 'DELETE' });
  });

  it('the daemon decodes every body the table forwards', async () => {
    let sent = 0;
    for (const c of BODY_CASES) {
      // Plugin installs reach a registry; this machine has none.
      if (!('forward' in c.expect) || /\/plugins\/(pull|.*\/upgrade)$/.test(c.path)) continue;
      const request = policedRequest({ method: 'POST', path: c.path });
      assert.ok(request !== null);
      const verdict = checkBody(
        request,
        c.body.replace(IMAGE_VALUES, `"Image":${image}`),
        anyImage(POLICIES[c.policy]),
      );
      assert.ok(verdict.ok, `${c.name}: ${JSON.stringify(verdict)}`);
      if (!verdict.ok || verdict.body === '') continue;
      const path = c.path.replace('/c1/', `/${container}/`);
      const r = await post(path, verdict.body);
      sent++;
      assert.ok(!DECODE_ERROR.test(r.body), `${c.name}: ${path} ${verdict.body}\n  -> ${r.status} ${r.body}`);
      if (r.status === 201 && path.endsWith('/containers/create')) {
        const id = (JSON.parse(r.body) as { Id: string }).Id;
        await http(daemon, `/containers/${id}?force=1`, { method: 'DELETE' });
      }
      if (r.status === 201 && path.endsWith('/volumes/create')) {
        const name = (JSON.parse(r.body) as { Name: string }).Name;
        await http(daemon, `/volumes/${name}`, { method: 'DELETE' });
      }
    }
    assert.ok(sent >= 35, `only ${sent} bodies sent`);
  });

  for (const [name, policy] of Object.entries(FUZZ_POLICIES)) {
    it(`every container created from a random body satisfies ${name}, as the daemon reports it`, async (t) => {
      const random = prng(name === 'bounded' ? 7 : 11);
      const request = { operation: 'container-create', apiVersion: [1, 41] } as const;
      let created = 0;
      let forwarded = 0;
      for (let i = 0; i < 400; i++) {
        const text = randomCreateBody(random).replace(IMAGE_VALUES, `"Image":${image}`);
        const verdict = checkBody(request, text, anyImage(policy));
        if (!verdict.ok) continue;
        forwarded++;
        const r = await post('/v1.41/containers/create', verdict.body);
        assert.ok(!DECODE_ERROR.test(r.body), `${verdict.body}\n  -> ${r.status} ${r.body}`);
        if (r.status !== 201) continue;
        created++;
        const id = (JSON.parse(r.body) as { Id: string }).Id;
        const seen = await madeAndRemoved(daemon, id);
        assert.deepEqual(violations(seen, anyImage(policy)), [], `${text}\n  forwarded ${verdict.body}`);
      }
      t.diagnostic(`400 bodies, ${forwarded} forwarded, ${created} containers created`);
      assert.ok(created >= 20, `only ${created} containers created`);
    });
  }
});
