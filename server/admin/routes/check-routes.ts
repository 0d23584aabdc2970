// POST /api/check[?profile=NAME]: what the proxy would decide for each request, with a profile's rules or rules sent along.
import express, { Router } from 'express';
import { checkResult } from '../../../shared/check/check-result.ts';
import type { CheckResponse } from '../../../shared/protocol/check.ts';
import { compileRuleSet, type CompiledRuleSet } from '../../../shared/rules/compile.ts';
import { decide } from '../../../shared/rules/decide.ts';
import { validateRules } from '../../../shared/rules/ruleset-json.ts';
import { invalid } from '../api-error.ts';
import { BODY_LIMIT, type AdminDeps } from '../deps.ts';
import { profileParam } from '../save.ts';
import { parseCheckBody } from '../schemas.ts';

export function compileGiven(input: unknown, base = '/rules'): CompiledRuleSet {
  const rules = validateRules(input, base);
  const compiled = rules.ok ? compileRuleSet(rules.value) : rules;
  if (!compiled.ok) throw invalid('INVALID_RULES', compiled.problems);
  return compiled.value;
}

export function checkRoutes({ store, rules }: AdminDeps): Router {
  const router = Router();
  router.post('/check', express.json({ limit: BODY_LIMIT }), (req, res) => {
    const profile = profileParam(store, req.query);
    const body = parseCheckBody(req.body);
    const given = body.rules !== undefined;
    const set = given ? compileGiven(body.rules) : rules(profile);
    const answer: CheckResponse = {
      revision: given ? null : store.revision(),
      results: body.requests.map((r) => checkResult(r, decide({ method: r.method, target: r.path }, set))),
    };
    res.json(answer);
  });
  return router;
}
