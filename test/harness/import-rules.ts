// Makes a file the default profile's rules through the admin API, as a user's import does: read the revision, apply.
import assert from 'node:assert/strict';
import type { RulesResponse } from '../../shared/protocol/rules.ts';
import type { ImportResponse } from '../../shared/protocol/transfer.ts';
import type { AdminDoxy } from './admin.ts';

/** Imports `file` (a pattern file or doxy-ruleset JSON) over the rules in force, confirmed; returns the revision it saved. */
export async function importRules(a: AdminDoxy, file: { name: string; text: string }): Promise<number> {
  const { revision } = (await a.call('/api/rules')).body as RulesResponse;
  // confirm=1: a table's set replaces whatever was there, most of it or the ping included, on purpose.
  const r = await a.call(`/api/import?basedOn=${revision}&confirm=1&name=${encodeURIComponent(file.name)}`, {
    method: 'POST',
    body: file.text,
    headers: { 'Content-Type': 'text/plain' },
  });
  assert.equal(r.status, 200, r.text);
  const answer = r.body as ImportResponse;
  assert.equal(answer.dryRun, false);
  return answer.revision;
}
