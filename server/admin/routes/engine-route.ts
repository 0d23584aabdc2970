// GET /api/engine: which engine doxy forwards to (Docker or Podman, its release and API versions), or null while the
// daemon does not answer. Behind the token: an engine's release is worth nothing to give away on the open /healthz.
import { Router } from 'express';
import type { EngineResponse } from '../../../shared/protocol/engine.ts';
import type { AdminDeps } from '../deps.ts';

export function engineRoute({ dockerSocket, engine }: AdminDeps): Router {
  const router = Router();
  router.get('/engine', (_req, res) => {
    const answer: EngineResponse = { dockerSocket, engine: engine?.() ?? null };
    res.json(answer);
  });
  return router;
}
