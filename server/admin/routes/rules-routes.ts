// GET /api/rules and PUT /api/rules[?profile=NAME][&confirm=1]: a profile's whole ordered set ('default' when not named),
// saved only on top of the revision it was edited from; one that takes away most of what it granted needs confirm=1.
import express, { Router } from 'express';
import { invalid, parseBody } from '../api-error.ts';
import { confirmed, requireConfirmation } from '../confirm-loss.ts';
import { BODY_LIMIT, type AdminDeps } from '../deps.ts';
import { profileParam, rulesState, saveRules } from '../save.ts';
import { putRulesSchema } from '../schemas.ts';

export function rulesRoutes(deps: AdminDeps): Router {
  const { store, offThread } = deps;
  const router = Router();
  router.get('/rules', async (req, res) => {
    res.json(await rulesState(deps, profileParam(store, req.query)));
  });
  router.put('/rules', express.json({ limit: BODY_LIMIT }), async (req, res) => {
    const profile = profileParam(store, req.query);
    const body = parseBody(putRulesSchema, req.body);
    const rules = await offThread.run('validateRules', body.rules, '/rules');
    if (!rules.ok) throw invalid('INVALID_RULES', rules.problems);
    // A stale basedOn is the store's 409 (reload first); only a change to the set in force is asked about.
    if (body.basedOn === store.revision())
      await requireConfirmation(offThread, store.rules(profile), rules.value, confirmed(req.query));
    await saveRules(
      deps,
      profile,
      rules.value,
      body.basedOn,
      body.reason ?? (profile === 'default' ? 'saved in the admin app' : `profile ${profile} saved in the admin app`),
    );
    res.json(await rulesState(deps, profile));
  });
  return router;
}
