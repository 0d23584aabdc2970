// GET /api/scope?profile=NAME and PUT /api/scope?profile=NAME: whether a profile is scoped to the objects made
// through it ('default' when not named); saved only on top of the revision it was edited from, like PUT /api/rules.
import express, { Router } from 'express';
import { profileScoped, withProfileScope } from '../../../shared/profiles/configuration.ts';
import type { ScopeResponse } from '../../../shared/protocol/scope.ts';
import { OWNER_LABEL } from '../../../shared/scope/owner-label.ts';
import { parseBody } from '../api-error.ts';
import { BODY_LIMIT, type AdminDeps } from '../deps.ts';
import { profileParam, saveConfig } from '../save.ts';
import { putScopeSchema } from '../schemas.ts';

function scopeState(store: AdminDeps['store'], profile: string): ScopeResponse {
  return {
    revision: store.revision(),
    profile,
    scoped: profileScoped(store.config(), profile),
    label: `${OWNER_LABEL}=${profile}`,
  };
}

export function scopeRoutes(deps: AdminDeps): Router {
  const { store } = deps;
  const router = Router();
  router.get('/scope', (req, res) => {
    res.json(scopeState(store, profileParam(store, req.query)));
  });
  router.put('/scope', express.json({ limit: BODY_LIMIT }), async (req, res) => {
    const profile = profileParam(store, req.query);
    const body = parseBody(putScopeSchema, req.body);
    await saveConfig(
      deps,
      withProfileScope(store.config(), profile, body.scoped),
      body.basedOn,
      body.reason ?? `profile ${profile} ${body.scoped ? 'scoped to the objects made through it' : 'no longer scoped'}`,
    );
    res.json(scopeState(store, profile));
  });
  return router;
}
