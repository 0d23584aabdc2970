// Saves a rule set through the store, turning a stale revision into a 409 that says what to do; nothing is overwritten.
import type { RulesResponse } from '../../shared/protocol.ts';
import type { Rule } from '../../shared/rules/types.ts';
import type { Store } from '../store/store.ts';
import { AdminError } from './api-error.ts';
import { ruleWarnings } from './warnings.ts';

export async function saveRules(store: Store, rules: readonly Rule[], basedOn: number, reason: string, where = '/basedOn'): Promise<number> {
  const result = await store.save(rules, basedOn, reason);
  if (!result.ok) {
    throw new AdminError(409, 'REVISION_CONFLICT', `the rules changed since revision ${basedOn}: they are now revision ${result.revision}. Nothing was saved; reload, redo the change and send basedOn ${result.revision}`, where);
  }
  return result.revision;
}

export function rulesState(store: Store, patternFile: string | null): RulesResponse {
  const rules = store.rules();
  return { revision: store.revision(), rules, warnings: ruleWarnings(rules, patternFile) };
}
