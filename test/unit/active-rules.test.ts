// createActiveRules(): a saved change is compiled in slices while the event loop keeps turning, the old set decides
// until the new one is complete, and the save answers once the new set is in force.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withProfileRules } from '../../shared/profiles/configuration.ts';
import type { CompiledRuleSet } from '../../shared/rules/compile.ts';
import { decide } from '../../shared/rules/decide.ts';
import { BUILTIN_RULES } from '../../shared/rules/builtin.ts';
import type { Rule } from '../../shared/rules/types.ts';
import { createActiveRules } from '../../server/store/active-rules.ts';
import { openStore } from '../../server/store/store.ts';

const dir = mkdtempSync(join(tmpdir(), 'doxy-unit-active-'));
const many: Rule[] = Array.from({ length: 2000 }, (_, i) => ({
  id: `c${i}`,
  action: 'allow',
  methods: ['GET'],
  pattern: `^/v1\\.[0-9]+/containers/c${i}/logs$`,
  comment: '',
  enabled: true,
}));
const verdict = (set: CompiledRuleSet, path: string): string => decide({ method: 'GET', target: path }, set).verdict;

describe('the rules in force', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a save of 2,000 rules is compiled while timers run, the old set deciding until the save answers', async () => {
    const store = await openStore(join(dir, 'db.json'), BUILTIN_RULES);
    let turns = 0;
    // Heard before the rules in force hear of the change: the turns counted from here are the compile's.
    let turnsAtChange = -1;
    store.onChange(() => {
      turnsAtChange = turns;
    });
    const active = createActiveRules(store);
    const old = active('default');
    const seen = new Set<CompiledRuleSet>();
    const timer = setInterval(() => {
      turns++;
      seen.add(active('default'));
    }, 0);
    const saving = store.save(withProfileRules(store.config(), 'default', [...BUILTIN_RULES, ...many]), 1, 'test');
    try {
      await saving;
    } finally {
      clearInterval(timer);
    }
    const during = turns - turnsAtChange;
    assert.ok(turnsAtChange >= 0 && during > 2, `the event loop turned ${during} times while the set compiled`);
    assert.deepEqual([...seen], [old]);
    assert.equal(verdict(old, '/v1.41/containers/c1999/logs'), 'deny');
    assert.equal(verdict(active('default'), '/v1.41/containers/c1999/logs'), 'allow');
    assert.equal(verdict(active('default'), '/v1.41/_ping'), 'allow');
  });
});
