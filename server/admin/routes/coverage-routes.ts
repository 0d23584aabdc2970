// GET /api/coverage: what the saved rules grant of each Engine API operation, by area, with the deciding rules.
import { Router } from 'express';
import { coverage } from '../../../shared/catalog/coverage.ts';
import { areaGrants, countGrants, type CoverageResponse } from '../../../shared/protocol.ts';
import type { AdminDeps } from '../deps.ts';

export function coverageRoutes({ store, rules }: AdminDeps): Router {
  const router = Router();
  router.get('/coverage', (_req, res) => {
    const areas = areaGrants(coverage(rules()));
    const answer: CoverageResponse = { revision: store.revision(), counts: countGrants(areas.flatMap((a) => a.operations)), areas };
    res.json(answer);
  });
  return router;
}
