// The decision table, replayed in the admin app's Tester in Chromium: each rule set imported through the admin API as a
// user would, the page reloaded, every case of the set pasted as one `METHOD /target` line, and each row's verdict and
// deciding rule read off the page.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { parseTestLines } from '../../web/src/tester/parse-lines.ts';
import {
  caseTitle,
  casesOf,
  DOXY_PATTERN_FILE,
  decideRuleSetFile,
  decideRuleSets,
  type DecideCase,
  type DecideRuleSetName,
} from '../cases/decide-cases.ts';
import type { AdminDoxy } from '../harness/admin.ts';
import { dockerEnv } from '../harness/env.ts';
import { importRules } from '../harness/import-rules.ts';
import { chromiumSkip, openAdminApp } from './chromium.ts';

const skip = chromiumSkip();
const docker = dockerEnv();
const PATTERN_TEXT = readFileSync(DOXY_PATTERN_FILE, 'utf8');
const SETS = decideRuleSets(PATTERN_TEXT);
const NAMES = Object.keys(SETS) as DecideRuleSetName[];

/** The line a user types for a case. */
const lineOf = (c: DecideCase): string => `${c.method} ${c.target}`;

/** A case the Tester's one-line format cannot express: its line reads back as another request. */
function untypeable(c: DecideCase): boolean {
  const read = parseTestLines(lineOf(c));
  return read.length !== 1 || read[0]?.method !== c.method || read[0]?.path !== c.target;
}

/** What the Rule column shows for the table's expectation: `#N id` (N counts from 1 in the set), or why none. */
function ruleCell(name: DecideRuleSetName, c: DecideCase): string {
  if (c.expect.ruleId === null) return c.expect.verdict === 'refuse' ? '—' : 'default deny';
  const index = SETS[name].findIndex((r) => r.id === c.expect.ruleId);
  assert.notEqual(index, -1, `rule ${c.expect.ruleId} is not in set ${name}`);
  return `#${index + 1} ${c.expect.ruleId}`;
}

const LABEL = { allow: 'allowed', deny: 'denied', refuse: 'refused' } as const;

describe('the decision table in the Tester, in Chromium', { skip, timeout: 600_000 }, () => {
  let a: AdminDoxy;
  let browser: Browser;
  let page: Page;
  /** The first three cells of each row the Tester shows, by rule set. */
  const shown = new Map<DecideRuleSetName, string[][]>();

  before(
    async () => {
      ({ a, browser, page } = await openAdminApp(docker.env?.socket));
      for (const name of NAMES) {
        const revision = await importRules(a, decideRuleSetFile(name, PATTERN_TEXT));
        // A fresh load: the rules the page tests against are the saved ones of that revision, no draft.
        await page.goto(`${a.base}/#/tester`);
        await page.reload();
        await page.locator('header .meta', { hasText: new RegExp(`^revision ${revision} `) }).waitFor();
        await page.getByText('against the saved rules').waitFor();
        const lines = casesOf(name).filter((c) => !untypeable(c));
        await page.getByLabel('Requests to test').fill(lines.map(lineOf).join('\n'));
        const rows = page.getByRole('table', { name: 'Verdicts' }).locator('tbody tr');
        await rows.nth(lines.length - 1).waitFor();
        shown.set(
          name,
          await rows.evaluateAll((trs) =>
            trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.innerText).slice(0, 3)),
          ),
        );
      }
    },
    { timeout: 300_000 },
  );
  after(async () => {
    await browser?.close();
    await a?.stop();
  });

  for (const name of NAMES) {
    const cases = casesOf(name);
    const typed = cases.filter((c) => !untypeable(c));
    // A case the Tester cannot take is named here with what its line reads as, not left out in silence.
    const left = cases
      .filter(untypeable)
      .map((c) => `; not typed: ${caseTitle(c)}, whose line reads as ${JSON.stringify(parseTestLines(lineOf(c)))}`);
    it(`${name}: the Tester shows one row per line typed, ${typed.length} of the ${cases.length} cases${left.join('')}`, () => {
      assert.equal(shown.get(name)?.length, typed.length);
    });
    typed.forEach((c, i) => {
      it(caseTitle(c), () => {
        assert.deepEqual(shown.get(name)?.[i], [lineOf(c), LABEL[c.expect.verdict], ruleCell(name, c)]);
      });
    });
  }
});
