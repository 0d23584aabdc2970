// POST /api/check[?profile=NAME]: what the proxy would decide for each request, with a profile's rules or rules sent
// along; a request sent with a `body` also gets the verdict of the profile's body policy on it.
import express, { Router } from 'express';
import { checkResult } from '../../../shared/check/check-result.ts';
import type { CheckResponse } from '../../../shared/protocol/check.ts';
import { profilePolicy } from '../../../shared/profiles/configuration.ts';
import { decide } from '../../../shared/rules/decide.ts';
import { BODY_LIMIT, type AdminDeps } from '../deps.ts';
import { profileParam } from '../save.ts';
import { parseCheckBody } from '../schemas.ts';

export function checkRoutes({ store, rules, offThread }: AdminDeps): Router {
  const router = Router();
  router.post('/check', express.json({ limit: BODY_LIMIT }), async (req, res) => {
    const profile = profileParam(store, req.query);
    const body = parseCheckBody(req.body);
    const policy = profilePolicy(store.config(), profile);
    // Rules sent along are compiled on the worker thread; a profile's are in force here already.
    if (body.rules !== undefined) {
      const answer: CheckResponse = {
        revision: null,
        results: await offThread.run('checkGiven', body.rules, body.requests, policy, profile),
      };
      res.json(answer);
      return;
    }
    const revision = store.revision();
    const set = rules(profile);
    const results = body.requests.map((r) => checkResult(r, decide({ method: r.method, target: r.path }, set)));
    const answer: CheckResponse = {
      revision,
      results: body.requests.some((r) => r.body !== undefined)
        ? await offThread.run('checkBodies', body.requests, results, policy, profile)
        : results,
    };
    res.json(answer);
  });
  return router;
}
