// What replacing a profile's rules takes away, operation by operation. An import or save that takes away most of what
// the profile granted, or the ping, is confirmed by the user first: a wrong file must not silently empty a profile.
import type { ImportLoss } from '../protocol/transfer.ts';
import type { CompiledRuleSet } from '../rules/compile.ts';
import { decide } from '../rules/decide.ts';
import { coverOperation } from './coverage.ts';
import { isLibpod, OPERATIONS } from './engine-api.ts';

/**
 * Judged on the Docker Engine API only: libpod's operations mirror its reads, so a Docker-only set (doxy's own pattern
 * file) replacing the built-in one would otherwise count as taking away most of what it granted.
 */
const JUDGED = OPERATIONS.filter((op) => !isLibpod(op));

/** See ImportLoss: lost operations, how many were granted, the ping, and whether the user must confirm. */
export type Loss = ImportLoss;

const pingAllowed = (set: CompiledRuleSet): boolean =>
  decide({ method: 'GET', target: '/_ping' }, set).verdict === 'allow';

export function lossOf(before: CompiledRuleSet, after: CompiledRuleSet): Loss {
  let granted = 0;
  const lost: string[] = [];
  for (const op of JUDGED) {
    if (coverOperation(op, before).grant === 'denied') continue;
    granted++;
    if (coverOperation(op, after).grant === 'denied') lost.push(`${op.method} ${op.template}`);
  }
  const ping = pingAllowed(before) && !pingAllowed(after);
  const most = lost.length * 2 > granted;
  const needsConfirm = ping || (granted > 0 && most);
  const parts = [
    ...(most ? [`${lost.length} of the ${granted} operations the profile grants`] : []),
    ...(ping ? ['the ping (GET /_ping: Docker clients ping first and fail without it)'] : []),
  ];
  return {
    lost,
    granted,
    ping,
    needsConfirm,
    message: needsConfirm ? `this change takes away ${parts.join(' and ')}` : null,
  };
}
