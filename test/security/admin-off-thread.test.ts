// A large ordinary rule set sent to the admin API (a save, an import preview) is checked, linted and compared on a
// worker thread, and the set in force is compiled in slices: proxied pings through the same process never wait for it.
// (Before: with 3,000 rules each of these held the thread that serves the sockets for seconds.)
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_RULES } from '../../shared/rules/builtin.ts';
import { startAdminDoxy, type AdminDoxy, type Answer } from '../harness/admin.ts';
import { sleep } from '../harness/dockerd.ts';
import { dockerEnv } from '../harness/env.ts';
import { pingAll } from './lib.ts';

const { env, skip } = dockerEnv();

const COUNT = 3000;
/** Slowest proxied ping allowed on a loaded 2-core machine; measured before the change: several seconds. */
const PING_MS = 1000;

/** An ordinary rule: one container's inspect and logs, a distinct pattern each. */
const pattern = (tag: string, i: number): string => `^/v1\\.[0-9]+/containers/${tag}${i}/(json|logs)$`;
const saved = Array.from({ length: COUNT }, (_, i) => ({
  id: `c${i}`,
  action: 'allow',
  methods: ['GET'],
  pattern: pattern('c', i),
  comment: '',
  enabled: true,
}));
const imported = [
  ...BUILTIN_RULES.map((r) => `${r.action} ${r.methods === '*' ? '*' : r.methods.join(',')} ${r.pattern}`),
  ...Array.from({ length: COUNT }, (_, i) => `allow GET ${pattern('d', i)}`),
].join('\n');

describe('a large rule set in the admin API', { skip }, () => {
  let doxy: AdminDoxy;

  before(async () => {
    doxy = await startAdminDoxy({ dockerSocket: env?.socket ?? '' });
  });
  after(async () => {
    await doxy?.stop();
  });

  it(`a save and an import preview of ${COUNT} rules answer while proxied pings stay fast`, async (t) => {
    const { revision } = (await doxy.call('/api/rules')).body as { revision: number };
    const pinger = pingAll(doxy.doxy.socket);
    const timed = async (send: () => Promise<Answer>): Promise<{ answer: Answer; ms: number }> => {
      const started = performance.now();
      const answer = await send();
      return { answer, ms: performance.now() - started };
    };
    let save: { answer: Answer; ms: number };
    let preview: { answer: Answer; ms: number };
    try {
      await sleep(200);
      save = await timed(() =>
        doxy.call('/api/rules', { method: 'PUT', body: { basedOn: revision, rules: [...BUILTIN_RULES, ...saved] } }),
      );
      preview = await timed(() =>
        doxy.call('/api/import?dryRun=1&name=large.pattern', { method: 'POST', body: imported }),
      );
      await sleep(200);
    } finally {
      await pinger.stop();
    }
    const pings = await pinger.stop();
    t.diagnostic(
      `save ${save.answer.status} in ${save.ms.toFixed(0)} ms; preview ${preview.answer.status} in ${preview.ms.toFixed(0)} ms; ${pings.count} pings, slowest ${pings.worstMs.toFixed(0)} ms`,
    );
    assert.equal(save.answer.status, 200, save.answer.text.slice(0, 300));
    assert.equal((save.answer.body as { rules: unknown[] }).rules.length, BUILTIN_RULES.length + COUNT);
    assert.equal(preview.answer.status, 200, preview.answer.text.slice(0, 300));
    assert.equal((preview.answer.body as { rules: unknown[] }).rules.length, BUILTIN_RULES.length + COUNT);
    // The saved set is in force once the save answered: a path only its last rule grants reaches the daemon (404,
    // no such container) instead of doxy's refusal (403).
    const last = await doxy.proxy('GET', `/v1.41/containers/c${COUNT - 1}/logs?stdout=1`);
    assert.equal(last.status, 404, last.text.slice(0, 300));
    assert.equal(pings.failed, 0);
    assert.ok(pings.count > 0);
    assert.ok(pings.worstMs < PING_MS, `a proxied ping waited ${pings.worstMs.toFixed(0)} ms`);
  });
});
