// GET /api/rules and PUT /api/rules: the whole ordered set, saved only on top of the revision it was edited from.
import express, { Router } from 'express';
import { validateRules } from '../../../shared/rules/ruleset-json.ts';
import { invalid, parseBody } from '../api-error.ts';
import { BODY_LIMIT, type AdminDeps } from '../deps.ts';
import { rulesState, saveRules } from '../save.ts';
import { putRulesSchema } from '../schemas.ts';

export function rulesRoutes({ store, patternFile }: AdminDeps): Router {
  const router = Router();
  router.get('/rules', (_req, res) => {
    res.json(rulesState(store, patternFile));
  });
  router.put('/rules', express.json({ limit: BODY_LIMIT }), async (req, res) => {
    const body = parseBody(putRulesSchema, req.body);
    const rules = validateRules(body.rules, '/rules');
    if (!rules.ok) throw invalid('INVALID_RULES', rules.problems);
    await saveRules(store, rules.value, body.basedOn, body.reason ?? 'saved in the admin app');
    res.json(rulesState(store, patternFile));
  });
  return router;
}
