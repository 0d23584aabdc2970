// GET /api/history and POST /api/history/:revision/restore: every saved set, and putting an old one back as a new revision.
import express, { Router } from 'express';
import type { HistoryResponse } from '../../../shared/protocol.ts';
import { AdminError, parseBody } from '../api-error.ts';
import { BODY_LIMIT, type AdminDeps } from '../deps.ts';
import { rulesState, saveRules } from '../save.ts';
import { restoreSchema } from '../schemas.ts';

export function historyRoutes({ store, patternFile }: AdminDeps): Router {
  const router = Router();
  router.get('/history', (_req, res) => {
    const answer: HistoryResponse = { revision: store.revision(), entries: [...store.history()].reverse() };
    res.json(answer);
  });
  router.post('/history/:revision/restore', express.json({ limit: BODY_LIMIT }), async (req, res) => {
    const wanted = String(req.params.revision);
    const entry = /^\d{1,10}$/.test(wanted) ? store.history().find((e) => e.revision === Number(wanted)) : undefined;
    if (!entry) throw new AdminError(404, 'NO_SUCH_REVISION', `revision "${wanted.slice(0, 20)}" is not in the history`, '/revision');
    const body = parseBody(restoreSchema, req.body);
    await saveRules(store, entry.rules, body.basedOn, `restored revision ${entry.revision}`);
    res.json(rulesState(store, patternFile));
  });
  return router;
}
