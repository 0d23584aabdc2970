// GET /api/stats: requests per minute over the last hour (allowed, denied, refused) and the most denied endpoints.
import { Router } from 'express';
import type { AdminDeps } from '../deps.ts';

export function statsRoutes({ stats }: AdminDeps): Router {
  const router = Router();
  router.get('/stats', (_req, res) => { res.json(stats.snapshot()); });
  return router;
}
