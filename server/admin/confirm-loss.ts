// The server's half of "are you sure?": an import or save that takes away most of what a profile granted, or the ping,
// is answered 409 with what would be lost, and goes through only with ?confirm=1 (the app asks the user first). So is a
// doxy-config import or a history restore that does it to any profile.
import { z } from 'zod';
import { lossOf, type Loss } from '../../shared/catalog/loss.ts';
import { compileRuleSet } from '../../shared/rules/compile.ts';
import { findProfile, type Configuration } from '../../shared/profiles/configuration.ts';
import type { Problem, Rule } from '../../shared/rules/types.ts';
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
  throw confirmationNeeded(loss.message ?? 'this change takes away most of what the profile grants', problemsOf(loss));
}

/**
 * The same for a change of the whole configuration (a doxy-config import, a history restore): each profile it keeps is
 * compared with what it is now; a profile it drops takes its sockets with it, and so opens nothing wider.
 */
export async function requireConfigConfirmation(
  offThread: OffThread,
  before: Configuration,
  after: Configuration,
  confirm: boolean,
): Promise<void> {
  if (confirm) return;
  const losing: { name: string; loss: Loss }[] = [];
  for (const { name, rules } of after.profiles) {
    const now = findProfile(before, name);
    const loss = now ? await offThread.run('lossOfRules', now.rules, rules) : null;
    if (loss?.needsConfirm) losing.push({ name, loss });
  }
  if (losing.length === 0) return;
  throw confirmationNeeded(
    losing
      .map(({ name, loss }) => `profile ${name}: ${loss.message ?? 'this change takes away most of it'}`)
      .join('; '),
    losing.flatMap(({ name, loss }) => problemsOf(loss).map((p) => ({ ...p, where: `${name}: ${p.where}` }))),
  );
}

function problemsOf(loss: Loss): Problem[] {
  return [
    ...(loss.ping ? [{ where: 'GET /_ping', message: 'the ping is no longer allowed' }] : []),
    ...loss.lost.map((op) => ({ where: op, message: 'no longer granted' })),
  ];
}

function confirmationNeeded(message: string, problems: Problem[]): AdminError {
  return new AdminError(
    409,
    'CONFIRM_NEEDED',
    `${message}. Nothing was saved; confirm to do it anyway (?confirm=1)`,
    '?confirm',
    problems,
  );
}
