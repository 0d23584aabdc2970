// POST /api/check[?profile=NAME]: what the proxy would decide for each request, with a profile's rules or rules sent along.
import express, { Router } from 'express';
import { checkResult } from '../../../shared/check/check-result.ts';
import type { CheckResponse } from '../../../shared/protocol/check.ts';
import { decide } from '../../../shared/rules/decide.ts';
import { BODY_LIMIT, type AdminDeps } from '../deps.ts';
import { profileParam } from '../save.ts';
import { parseCheckBody } from '../schemas.ts';

export function checkRoutes({ store, rules, offThread }: AdminDeps): Router {
  const router = Router();
  router.post('/check', express.json({ limit: BODY_LIMIT }), async (req, res) => {
    const profile = profileParam(store, req.query);
    const body = parseCheckBody(req.body);
    // Rules sent along are compiled on the worker thread; a profile's are in force here already.
    if (body.rules !== undefined) {
      const answer: CheckResponse = {
        revision: null,
        results: await offThread.run('checkGiven', body.rules, body.requests),
      };
      res.json(answer);
      return;
    }
    const set = rules(profile);
    const answer: CheckResponse = {
      revision: store.revision(),
      results: body.requests.map((r) => checkResult(r, decide({ method: r.method, target: r.path }, set))),
    };
    res.json(answer);
  });
  return router;
}
