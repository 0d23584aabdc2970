// GET /api/learn and POST /api/learn/{start,stop,accept}: learn mode of the proxy socket, and its proposal turned into rules.
import express, { Router } from 'express';
import { z } from 'zod';
import { proposalsToRules, type Proposal } from '../../../shared/learn/propose.ts';
import type { LearnProposal, LearnResponse } from '../../../shared/protocol.ts';
import { compileRuleSet } from '../../../shared/rules/compile.ts';
import { decide } from '../../../shared/rules/decide.ts';
import { validateRules } from '../../../shared/rules/ruleset-json.ts';
import type { Rule } from '../../../shared/rules/types.ts';
import type { LearnMode } from '../../learn/learn-mode.ts';
import { AdminError, invalid, parseBody } from '../api-error.ts';
import { BODY_LIMIT, type AdminDeps } from '../deps.ts';
import { rulesState, saveRules } from '../save.ts';

/** A week at most; fractions are allowed (0.5 is thirty seconds). */
const startSchema = z.strictObject({ minutes: z.number().positive().max(7 * 24 * 60).nullable().optional() });
const acceptSchema = z.strictObject({
  basedOn: z.number().int().positive(),
  patterns: z.array(z.strictObject({ method: z.string().max(16), pattern: z.string().max(4096) })).min(1).max(1000),
});

function proposalDto(p: Proposal): LearnProposal {
  return { method: p.method, pattern: p.pattern, count: p.count, examples: p.examples, risk: p.risk, summary: p.operation?.summary ?? null };
}

export function learnState(learn: LearnMode, socket = 'default'): LearnResponse {
  learn.active(); // ends it when its deadline passed
  return { socket, state: learn.state(), proposals: learn.proposals().map(proposalDto) };
}

/** Examples that the new set still denies (an earlier deny rule wins over an appended allow). */
function stillDenied(rules: readonly Rule[], accepted: readonly Proposal[]): string[] {
  const compiled = compileRuleSet(rules);
  if (!compiled.ok) return [];
  return accepted.flatMap((p) => p.examples.filter((path) => decide({ method: p.method, target: path }, compiled.value).verdict !== 'allow').map((path) => `${p.method} ${path}`));
}

export function learnRoutes({ store, learn, patternFile }: AdminDeps): Router {
  const router = Router();
  router.get('/learn', (_req, res) => { res.json(learnState(learn)); });
  router.post('/learn/start', express.json({ limit: BODY_LIMIT }), (req, res) => {
    const { minutes } = parseBody(startSchema, req.body ?? {});
    learn.start(minutes ? new Date(Date.now() + minutes * 60_000) : null);
    res.json(learnState(learn));
  });
  router.post('/learn/stop', (_req, res) => {
    learn.stop();
    res.json(learnState(learn));
  });
  router.post('/learn/accept', express.json({ limit: BODY_LIMIT }), async (req, res) => {
    const body = parseBody(acceptSchema, req.body);
    const proposals = learn.proposals();
    const chosen = body.patterns.map((wanted, i) => {
      const found = proposals.find((p) => p.method === wanted.method && p.pattern === wanted.pattern);
      if (!found) throw new AdminError(400, 'NO_SUCH_PROPOSAL', `${wanted.method} ${wanted.pattern.slice(0, 200)} is not among the proposals (they changed, or were accepted already): reload them`, `/patterns/${i}`);
      return found;
    });
    const current = store.rules();
    const added = proposalsToRules(chosen, new Set(current.map((r) => r.id)));
    const rules = validateRules([...current, ...added], '/rules');
    if (!rules.ok) throw invalid('INVALID_RULES', rules.problems);
    await saveRules(store, rules.value, body.basedOn, `accepted ${added.length} learned rule${added.length === 1 ? '' : 's'}`);
    // Back to enforcing, with nothing left over to propose twice.
    learn.stop();
    learn.clear();
    res.json({ ...rulesState(store, patternFile), added: added.map((r) => r.id), stillDenied: stillDenied(rules.value, chosen) });
  });
  return router;
}
