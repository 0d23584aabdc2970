// GET /api/stats[?socket=PATH]: one socket's requests per minute over the last hour (allowed, denied, forwarded in learn
// mode, refused) and its most denied operations; the --proxy-socket when none is named, every socket with socket=*.
import { Router } from 'express';
import { z } from 'zod';
import type { AdminDeps } from '../deps.ts';
import { parseQuery } from '../schemas.ts';

const statsQuery = z.object({ socket: z.string().max(1000).optional() });

export function statsRoutes({ stats, proxySocket }: AdminDeps): Router {
  const router = Router();
  router.get('/stats', (req, res) => {
    res.json(stats(parseQuery(statsQuery, req.query).socket ?? proxySocket));
  });
  return router;
}
