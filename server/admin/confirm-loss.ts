// The server's half of "are you sure?": an import or save that takes away most of what a profile granted, or the ping,
// is answered 409 with what would be lost, and goes through only with ?confirm=1 (the app asks the user first).
import { z } from 'zod';
import { lossOf, type Loss } from '../../shared/catalog/loss.ts';
import { compileRuleSet } from '../../shared/rules/compile.ts';
import type { Rule } from '../../shared/rules/types.ts';
import { AdminError } from './api-error.ts';
import type { OffThread } from './off-thread.ts';
import { parseQuery } from './schemas.ts';

const confirmQuery = z.object({ confirm: z.enum(['1', 'true', '0', 'false']).optional() });

/** What a change that loses nothing (or that cannot be compiled, and so will not be saved) reports. */
export const NO_LOSS: Loss = { lost: [], granted: 0, ping: false, needsConfirm: false, message: null };

/** Whether the request says `?confirm=1`. */
export function confirmed(query: unknown): boolean {
  const { confirm } = parseQuery(confirmQuery, query);
  return confirm === '1' || confirm === 'true';
}

/** What replacing `before` by `after` takes away; null when a set does not compile (the save refuses it anyway). */
export function lossOfRules(before: readonly Rule[], after: readonly Rule[]): Loss | null {
  const a = compileRuleSet(before);
  const b = compileRuleSet(after);
  return a.ok && b.ok ? lossOf(a.value, b.value) : null;
}

/** Throws the 409 that lists what would be lost, unless the change loses little or the user confirmed it. */
export async function requireConfirmation(
  offThread: OffThread,
  before: readonly Rule[],
  after: readonly Rule[],
  confirm: boolean,
): Promise<void> {
  if (confirm) return;
  const loss = await offThread.run('lossOfRules', before, after);
  if (!loss?.needsConfirm) return;
  throw new AdminError(
    409,
    'CONFIRM_NEEDED',
    `${loss.message ?? 'this change takes away most of what the profile grants'}. Nothing was saved; confirm to do it anyway (?confirm=1)`,
    '?confirm',
    [
      ...(loss.ping ? [{ where: 'GET /_ping', message: 'the ping is no longer allowed' }] : []),
      ...loss.lost.map((op) => ({ where: op, message: 'no longer granted' })),
    ],
  );
}
