// The decision table, replayed as real requests through doxy's proxy socket to the private dockerd: for each rule set,
// one doxy with that set imported the way a user imports it, and every case of the set sent byte for byte as the
// table writes it. What the client gets and what the request log records must be the table's verdict and rule.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { METHODS as NODE_METHODS } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { LogEntry, LogSearchResponse } from '../../shared/protocol/log.ts';
import type { RulesResponse } from '../../shared/protocol/rules.ts';
import {
  caseTitle,
  casesOf,
  DOXY_PATTERN_FILE,
  decideRuleSetFile,
  decideRuleSets,
  type DecideCase,
  type DecideRuleSetName,
} from '../cases/decide-cases.ts';
import { startAdminDoxy, type AdminDoxy } from '../harness/admin.ts';
import { exchange, http } from '../harness/raw-http.ts';
import { sleep } from '../harness/dockerd.ts';
import { dockerEnv } from '../harness/env.ts';
import { importRules } from '../harness/import-rules.ts';

const { env, skip } = dockerEnv();
const daemon = env?.socket ?? '';
const PATTERN_TEXT = readFileSync(DOXY_PATTERN_FILE, 'utf8');
const SETS = decideRuleSets(PATTERN_TEXT);
const NAMES = Object.keys(SETS) as DecideRuleSetName[];

/** What came back on one connection: the status line's code, the header block and the bytes after it. */
interface Response {
  readonly status: number;
  readonly head: string;
  readonly body: string;
}

/**
 * One case on a connection of its own (so no verdict can depend on an earlier request), exactly as the table writes
 * it: no client library between the table and the socket to normalise the method or the target. A string when no HTTP
 * answer came: what did come, if anything.
 */
async function send(socket: string, c: DecideCase): Promise<Response | string> {
  const raw = `${c.method} ${c.target} HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n`;
  const answer = await exchange(socket, raw, { timeoutMs: 15_000 });
  if (!answer.closed) return `doxy did not close the connection within 15 s; received ${JSON.stringify(answer.text)}`;
  const received = answer.text;
  const end = received.indexOf('\r\n\r\n');
  if (!received.startsWith('HTTP/1.1 ') || end === -1) return `no HTTP answer; received ${JSON.stringify(received)}`;
  return { status: Number(received.slice(9, 12)), head: received.slice(0, end), body: received.slice(end + 4) };
}

/** doxy's own answers carry its JSON type and none of the headers the daemon adds to its answers. */
const doxyHead = (r: Response): boolean =>
  /\r\ncontent-type: application\/json\r\n/i.test(r.head) && !/\r\n(api-version|server|ostype):/i.test(r.head);

/** The message of one of doxy's own answers, or null when the answer is not doxy's (it is the daemon's). */
function doxyMessage(r: Response): string | null {
  if (!doxyHead(r)) return null;
  try {
    const body = JSON.parse(r.body) as unknown;
    if (typeof body === 'object' && body !== null && 'message' in body && typeof body.message === 'string')
      return body.message.startsWith('doxy: ') ? body.message : null;
  } catch {
    return null;
  }
  return null;
}

/** Node's HTTP parser knows these methods; any other never reaches doxy's handler, and doxy answers it as malformed. */
const parserKnows = (method: string): boolean => NODE_METHODS.includes(method);

/** The daemon's objects by id: the cases must leave them as they were. */
async function daemonState(): Promise<Record<string, string[]>> {
  const state: Record<string, string[]> = {};
  for (const [kind, path] of [
    ['containers', '/containers/json?all=1'],
    ['images', '/images/json?all=1'],
    ['networks', '/networks'],
    ['volumes', '/volumes'],
  ] as const) {
    const r = await http(daemon, path);
    assert.equal(r.status, 200, `${path} on the daemon: ${r.body}`);
    const parsed = JSON.parse(r.body) as { Id?: string; Name?: string }[] | { Volumes: { Name: string }[] | null };
    const list = Array.isArray(parsed) ? parsed.map((o) => o.Id ?? '') : (parsed.Volumes ?? []).map((v) => v.Name);
    state[kind] = list.sort();
  }
  return state;
}

/** Imports `name` through the admin API as a user would, and checks that it is the set in force now. */
async function importSet(a: AdminDoxy, name: DecideRuleSetName): Promise<void> {
  await importRules(a, decideRuleSetFile(name, PATTERN_TEXT));
  // Order and enabled state included.
  assert.deepEqual(((await a.call('/api/rules')).body as RulesResponse).rules, SETS[name]);
}

for (const name of NAMES) {
  const cases = casesOf(name);
  describe(`the decision table through the proxy: rule set ${name}`, { skip, timeout: 180_000 }, () => {
    let a: AdminDoxy;
    let stateBefore: Record<string, string[]>;
    const answers: (Response | string)[] = [];
    let entries: readonly LogEntry[] = [];
    /** The log entry of each case, by index; none for a request Node's parser refused before doxy judged it. */
    const entryOf = new Map<number, LogEntry>();

    before(
      async () => {
        a = await startAdminDoxy({ dockerSocket: daemon });
        await importSet(a, name);
        stateBefore = await daemonState();
        for (const c of cases) answers.push(await send(a.doxy.socket, c));
        const logged = cases.filter((c) => parserKnows(c.method)).length;
        // The durable log is written in batches: wait until every judged request is in it.
        for (const end = Date.now() + 10_000; entries.length < logged && Date.now() < end; await sleep(100)) {
          const r = await a.call('/api/log/search?limit=10000');
          entries = [...(r.body as LogSearchResponse).entries].sort((x, y) => x.id - y.id);
        }
        // In order: a case whose method is not the next entry's has no entry (and fails on its own).
        let next = 0;
        cases.forEach((c, i) => {
          const e = entries[next];
          if (!parserKnows(c.method) || e?.method !== c.method.slice(0, 32)) return;
          entryOf.set(i, e);
          next++;
        });
      },
      { timeout: 120_000 },
    );
    after(async () => {
      await a?.stop();
    });

    it('the daemon has the same containers, images, networks and volumes after the cases as before', async () => {
      assert.deepEqual(await daemonState(), stateBefore);
    });

    it('the request log holds one entry per judged request, and nothing else', () => {
      assert.equal(entries.length, cases.filter((c) => parserKnows(c.method)).length);
    });

    cases.forEach((c, i) => {
      it(caseTitle(c), () => {
        const r = answers[i];
        assert.ok(typeof r === 'object', typeof r === 'string' ? r : 'no answer');
        const shown = `${r.head}\n\n${r.body.slice(0, 300)}`;
        if (!parserKnows(c.method)) {
          // Never judged: Node's parser refuses the request line, and doxy answers it as malformed, unlogged.
          assert.equal(c.expect.verdict, 'refuse', `the table expects ${c.expect.verdict}, the parser refuses it`);
          assert.equal(r.status, 400, shown);
          assert.match(doxyMessage(r) ?? '', /^doxy: malformed HTTP request \(HPE_INVALID_METHOD\)$/, shown);
          return;
        }
        const e = entryOf.get(i);
        assert.ok(e, 'no log entry');
        assert.deepEqual(
          { verdict: e.verdict, ruleId: e.ruleId },
          { verdict: c.expect.verdict, ruleId: c.expect.ruleId },
          'the log entry',
        );
        assert.equal(e.status, r.status, 'the logged status is the one the client got');
        if (c.expect.verdict === 'allow') {
          assert.equal(doxyMessage(r), null, `doxy answered an allowed request itself:\n${shown}`);
          assert.notEqual(e.upstreamMs, undefined, 'the log entry says nothing was forwarded');
          return;
        }
        // A HEAD answer has no body: the client sees doxy's status and headers, and the log keeps the message.
        assert.ok(doxyHead(r), `not doxy's own answer:\n${shown}`);
        if (c.method === 'HEAD') assert.equal(r.body, '', shown);
        else assert.equal(doxyMessage(r), e.reason, `the client is told what the log says:\n${shown}`);
        const message = e.reason;
        assert.equal(e.upstreamMs, undefined, 'a request doxy answered itself was forwarded');
        if (c.expect.verdict === 'deny') {
          assert.equal(r.status, 403, shown);
          const why =
            c.expect.ruleId === null
              ? 'denied: no rule allows it (deny by default)'
              : `denied by rule "${c.expect.ruleId}" (`;
          assert.ok(message.startsWith(`doxy: ${c.method} ${e.path} is ${why}`), message);
        } else {
          assert.equal(r.status, 400, shown);
          assert.ok(message.startsWith(`doxy: refused ${c.method} request: `), message);
          assert.ok(message.endsWith(' (ambiguous requests are never forwarded)'), message);
          assert.equal(e.path, c.target, 'a refusal is logged with the raw target');
        }
      });
    });
  });
}
