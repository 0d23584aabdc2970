// Costly patterns sent to the admin API: an import preview, a check and a save of patterns whose counted repetitions
// expand to hundreds of thousands of instructions are refused at once, with the position, while proxied pings through
// the same process stay fast and doxy's memory stays low. (Before the bound: 45 s, every ping waiting, 1.1 GB RSS.)
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startAdminDoxy, type AdminDoxy, type Answer } from '../harness/admin.ts';
import { sleep } from '../harness/dockerd.ts';
import { dockerEnv } from '../harness/env.ts';
import { pingAll, rssKiB } from './lib.ts';

const { env, skip } = dockerEnv();

/** 1 KB: 113 Unicode classes repeated a thousand times each, 113 000 instructions once expanded. */
const COSTLY = `^/${'\\pL{1000}'.repeat(113)}`;
const FILE = Array.from({ length: 20 }, (_, i) => `allow GET ^/r${i}${COSTLY.slice(2)}`).join('\n');
/** Bounds for a loaded 2-core machine; the refusal itself takes microseconds. */
const ANSWER_MS = 5000;
const PING_MS = 1500;
const RSS_MIB = 300;

describe('costly patterns in the admin API', { skip }, () => {
  let doxy: AdminDoxy;

  before(async () => {
    doxy = await startAdminDoxy({ dockerSocket: env?.socket ?? '' });
  });
  after(async () => {
    await doxy?.stop();
  });

  const evilRule = { id: 'evil', action: 'allow', methods: '*', pattern: COSTLY, comment: '', enabled: true };
  const attempts: readonly { name: string; send: () => Promise<Answer>; where: RegExp }[] = [
    {
      name: 'an import preview of 20 rules of 1 KB',
      send: () => doxy.call('/api/import?dryRun=1&name=evil.pattern', { method: 'POST', body: FILE }),
      where: /^evil\.pattern:1$/,
    },
    {
      name: 'a check against unsaved rules',
      send: () =>
        doxy.call('/api/check', {
          method: 'POST',
          body: { requests: [{ method: 'GET', path: '/x' }], rules: [evilRule] },
        }),
      where: /^\/rules\/0\/pattern$/,
    },
    {
      name: 'a save',
      send: async () => {
        const { revision } = (await doxy.call('/api/rules')).body as { revision: number };
        return doxy.call('/api/rules', { method: 'PUT', body: { basedOn: revision, rules: [evilRule] } });
      },
      where: /^\/rules\/0\/pattern$/,
    },
  ];

  for (const a of attempts) {
    it(`${a.name} is refused at once with the position, and pings stay fast`, async (t) => {
      const pinger = pingAll(doxy.doxy.socket);
      let answer: Answer | Error;
      const started = performance.now();
      try {
        await sleep(200);
        answer = await a.send().catch((error: unknown) => error as Error);
        await sleep(200);
      } finally {
        await pinger.stop();
      }
      const ms = performance.now() - started - 400;
      const pings = await pinger.stop();
      const rss = rssKiB(doxy.doxy.child.pid ?? -1) / 1024;
      t.diagnostic(
        `${answer instanceof Error ? answer.message : `answered ${answer.status}`} after ${ms.toFixed(0)} ms; ${pings.count} pings, slowest ${pings.worstMs.toFixed(0)} ms; doxy RSS ${rss.toFixed(0)} MiB`,
      );
      if (answer instanceof Error) throw answer;
      assert.equal(answer.status, 400, answer.text.slice(0, 300));
      const error = (answer.body as { error: { message: string; where: string } }).error;
      assert.match(error.message, /pattern too costly.*\(at index \d+\)/);
      assert.match(error.where, a.where);
      assert.ok(ms < ANSWER_MS, `the refusal took ${ms.toFixed(0)} ms`);
      assert.equal(pings.failed, 0);
      assert.ok(pings.worstMs < PING_MS, `a proxied ping waited ${pings.worstMs.toFixed(0)} ms`);
      assert.ok(rss < RSS_MIB, `doxy's RSS is ${rss.toFixed(0)} MiB`);
    });
  }
});
