// GET /api/log/search: the durable request log filtered by time, decision, method, path text, socket and profile; JSON,
// or a JSON/CSV download.
import { Router } from 'express';
import { z } from 'zod';
import type { LogSearchResponse } from '../../../shared/protocol/log.ts';
import type { AdminDeps } from '../deps.ts';
import { parseQuery } from '../schemas.ts';
import { toCsv } from './log-csv.ts';

export const MAX_SEARCH_LIMIT = 10_000;

const time = z
  .string()
  .max(40)
  .refine((s) => !Number.isNaN(Date.parse(s)), 'must be a time such as 2026-11-28T12:00:00Z')
  .transform((s) => new Date(s).toISOString());

const searchQuery = z.object({
  from: time.optional(),
  to: time.optional(),
  verdict: z.enum(['allow', 'deny', 'refuse']).optional(),
  method: z.string().max(32).optional(),
  text: z.string().max(500).optional(),
  socket: z.string().max(1000).optional(),
  profile: z.string().max(200).optional(),
  limit: z
    .string()
    .regex(/^\d{1,6}$/, 'must be a number')
    .transform(Number)
    .refine((n) => n >= 1 && n <= MAX_SEARCH_LIMIT, `must be 1 to ${MAX_SEARCH_LIMIT}`)
    .default(1000),
  format: z.enum(['json', 'csv']).optional(),
});

export function logSearchRoutes({ requestHistory }: AdminDeps): Router {
  const router = Router();
  router.get('/log/search', async (req, res) => {
    const { format, ...query } = parseQuery(searchQuery, req.query);
    const entries = await requestHistory.search({
      ...query,
      ...(query.method ? { method: query.method.toUpperCase() } : {}),
    });
    const name = `doxy-requests-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    if (format === 'csv') {
      res.type('text/csv; charset=utf-8').attachment(`${name}.csv`).send(toCsv(entries));
    } else if (format === 'json') {
      res
        .type('application/json')
        .attachment(`${name}.json`)
        .send(`${JSON.stringify(entries, null, 2)}\n`);
    } else {
      const answer: LogSearchResponse = { entries, limited: entries.length >= query.limit };
      res.json(answer);
    }
  });
  return router;
}
