// GET /api/policy?profile=NAME and PUT /api/policy?profile=NAME: a profile's body policy ('default' when not named),
// or null for none; saved only on top of the revision it was edited from, like PUT /api/rules.
import express, { Router } from 'express';
import type { BodyPolicy } from '../../../shared/policy/body-policy.ts';
import { profilePolicy, withProfilePolicy } from '../../../shared/profiles/configuration.ts';
import type { PolicyResponse } from '../../../shared/protocol/policy.ts';
import { invalid, parseBody } from '../api-error.ts';
import { BODY_LIMIT, type AdminDeps } from '../deps.ts';
import { profileParam, saveConfig } from '../save.ts';
import { putPolicySchema } from '../schemas.ts';

function policyState(store: AdminDeps['store'], profile: string): PolicyResponse {
  return {
    revision: store.revision(),
    profile,
    policy: profilePolicy(store.config(), profile),
  };
}

export function policyRoutes(deps: AdminDeps): Router {
  const { store, offThread } = deps;
  const router = Router();
  router.get('/policy', (req, res) => {
    res.json(policyState(store, profileParam(store, req.query)));
  });
  router.put('/policy', express.json({ limit: BODY_LIMIT }), async (req, res) => {
    const profile = profileParam(store, req.query);
    const body = parseBody(putPolicySchema, req.body);
    let policy: BodyPolicy | null = null;
    if (body.policy !== null) {
      const parsed = await offThread.run('validatePolicy', body.policy);
      if (!parsed.ok) throw invalid('INVALID_POLICY', parsed.problems);
      policy = parsed.value;
    }
    const what = policy === null ? 'removed' : 'saved';
    await saveConfig(
      deps,
      withProfilePolicy(store.config(), profile, policy),
      body.basedOn,
      body.reason ?? `body policy of profile ${profile} ${what} in the admin app`,
    );
    res.json(policyState(store, profile));
  });
  return router;
}
