// GET /api/rules and PUT /api/rules[?profile=NAME][&confirm=1]: a profile's whole ordered set ('default' when not named),
// saved only on top of the revision it was edited from; one that takes away most of what it granted needs confirm=1.
// POST /api/rules/review[?profile=NAME] {rules}: an unsaved draft's warnings and risky grants.
import express, { Router } from 'express';
import { invalid, parseBody } from '../api-error.ts';
import { confirmed, requireConfirmation } from '../confirm-loss.ts';
import { BODY_LIMIT, type AdminDeps } from '../deps.ts';
import { profileParam, rulesState, saveRules } from '../save.ts';
import { putRulesSchema, reviewRulesSchema } from '../schemas.ts';
import { profilePolicy } from '../../../shared/profiles/configuration.ts';
import { DEFAULT_PROFILE } from '../../../shared/profiles/names.ts';
import type { RulesReview } from '../../../shared/protocol/rules.ts';

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
  // What a draft would bring before it is saved: its warnings, and the risky operations it grants (the app asks
  // before a save that adds one). Rules sent along are checked on the worker thread, as POST /api/check does.
  router.post('/rules/review', express.json({ limit: BODY_LIMIT }), async (req, res) => {
    const profile = profileParam(store, req.query);
    const body = parseBody(reviewRulesSchema, req.body);
    const policy = profilePolicy(store.config(), profile);
    const patternFile = profile === DEFAULT_PROFILE ? deps.patternFile : null;
    const answer: RulesReview = await offThread.run('reviewRules', body.rules, policy, patternFile);
    res.json(answer);
  });
  return router;
}
