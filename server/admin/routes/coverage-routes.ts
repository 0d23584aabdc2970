// GET /api/coverage[?profile=NAME]: what a profile grants of each Engine API operation, by area, with the deciding rules.
// GET /api/coverage/compare?a=NAME&b=NAME, POST /api/coverage/compare {a, b}: two profiles, or a profile against rules
// not saved yet (an edit, an import), side by side.
import express, { Router } from 'express';
import { z } from 'zod';
import { coverage, type AreaCoverage } from '../../../shared/catalog/coverage.ts';
import { OPERATIONS } from '../../../shared/catalog/engine-api.ts';
import { areaGrants, countGrants } from '../../../shared/catalog/grants.ts';
import { findProfile, profilePolicy, profileRedacts } from '../../../shared/profiles/configuration.ts';
import { DEFAULT_PROFILE } from '../../../shared/profiles/names.ts';
import type { CoverageCompareResponse, CoverageResponse } from '../../../shared/protocol/coverage.ts';
import { AdminError, parseBody } from '../api-error.ts';
import { BODY_LIMIT, type AdminDeps } from '../deps.ts';
import { profileParam } from '../save.ts';
import { parseQuery } from '../schemas.ts';

const side = z.union([
  z.strictObject({ profile: z.string().max(200) }),
  z.strictObject({ rules: z.unknown(), label: z.string().max(200).optional() }),
]);
const compareBody = z.strictObject({ a: side, b: side });
const compareQuery = z.object({
  a: z.string().max(200).default(DEFAULT_PROFILE),
  b: z.string().max(200).default(DEFAULT_PROFILE),
});

interface Side {
  readonly label: string;
  readonly coverage: readonly AreaCoverage[];
}

function compare(a: Side, b: Side, revision: number): CoverageCompareResponse {
  const left = a.coverage;
  const right = b.coverage;
  const areas = left.map((area, i) => ({
    area: area.area,
    operations: area.operations.map((op, j) => {
      const other = right[i]?.operations[j];
      return {
        ...op.operation,
        a: op.grant,
        b: other?.grant ?? 'denied',
        aRules: op.rules,
        bRules: other?.rules ?? [null],
      };
    }),
  }));
  const flat = areas.flatMap((x) => x.operations);
  return {
    revision,
    a: { label: a.label, counts: countGrants(flat.map((o) => ({ grant: o.a }))) },
    b: { label: b.label, counts: countGrants(flat.map((o) => ({ grant: o.b }))) },
    areas,
  };
}

export function coverageRoutes({ store, rules, offThread }: AdminDeps): Router {
  const router = Router();
  /** What a saved profile grants, bounded by its body policy. */
  const profileCoverage = (name: string): AreaCoverage[] =>
    coverage(rules(name), OPERATIONS, profilePolicy(store.config(), name));
  const profileSide = (name: string, where: string): Side => {
    if (!findProfile(store.config(), name))
      throw new AdminError(404, 'NO_SUCH_PROFILE', `there is no profile "${name.slice(0, 80)}"`, where);
    return { label: name, coverage: profileCoverage(name) };
  };
  router.get('/coverage', (req, res) => {
    const profile = profileParam(store, req.query);
    const redact = profileRedacts(store.config(), profile);
    const areas = areaGrants(profileCoverage(profile), redact);
    const answer: CoverageResponse = {
      revision: store.revision(),
      redact,
      counts: countGrants(areas.flatMap((a) => a.operations)),
      areas,
    };
    res.json(answer);
  });
  router.get('/coverage/compare', (req, res) => {
    const q = parseQuery(compareQuery, req.query);
    res.json(compare(profileSide(q.a, '?a'), profileSide(q.b, '?b'), store.revision()));
  });
  router.post('/coverage/compare', express.json({ limit: BODY_LIMIT }), async (req, res) => {
    const body = parseBody(compareBody, req.body);
    // A profile's rules are in force here already; rules sent along are compiled on the worker thread.
    const resolve = async (s: z.infer<typeof side>, key: 'a' | 'b'): Promise<Side> =>
      'profile' in s
        ? profileSide(s.profile, `/${key}/profile`)
        : {
            label: s.label ?? `${key === 'a' ? 'first' : 'second'} rule set`,
            coverage: await offThread.run('coverageGiven', s.rules, `/${key}/rules`),
          };
    const a = await resolve(body.a, 'a');
    const b = await resolve(body.b, 'b');
    res.json(compare(a, b, store.revision()));
  });
  return router;
}
