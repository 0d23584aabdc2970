// GET /api/redaction?profile=NAME and PUT /api/redaction?profile=NAME: whether a profile redacts the secrets in the
// daemon's answers ('default' when not named); saved only on top of the revision it was edited from, like PUT /api/rules.
import express, { Router } from 'express';
import { profileRedacts, withProfileRedaction } from '../../../shared/profiles/configuration.ts';
import type { RedactionResponse } from '../../../shared/protocol/redaction.ts';
import { REDACTED_ROUTES } from '../../../shared/redact/redacted-operations.ts';
import { parseBody } from '../api-error.ts';
import { BODY_LIMIT, type AdminDeps } from '../deps.ts';
import { profileParam, saveConfig } from '../save.ts';
import { putRedactionSchema } from '../schemas.ts';

const OPERATIONS = REDACTED_ROUTES.map((r) => `GET ${r.template}`);

function redactionState(store: AdminDeps['store'], profile: string): RedactionResponse {
  return {
    revision: store.revision(),
    profile,
    redact: profileRedacts(store.config(), profile),
    operations: OPERATIONS,
  };
}

export function redactionRoutes(deps: AdminDeps): Router {
  const { store } = deps;
  const router = Router();
  router.get('/redaction', (req, res) => {
    res.json(redactionState(store, profileParam(store, req.query)));
  });
  router.put('/redaction', express.json({ limit: BODY_LIMIT }), async (req, res) => {
    const profile = profileParam(store, req.query);
    const body = parseBody(putRedactionSchema, req.body);
    await saveConfig(
      deps,
      withProfileRedaction(store.config(), profile, body.redact),
      body.basedOn,
      body.reason ?? `redaction of secrets in answers turned ${body.redact ? 'on' : 'off'} for profile ${profile}`,
    );
    res.json(redactionState(store, profile));
  });
  return router;
}
