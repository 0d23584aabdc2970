// GET /api/history and POST /api/history/:revision/restore: every saved configuration, and putting an old one back
// (every profile and socket of it) as a new revision; ?confirm=1 when it takes most of a profile away.
import express, { Router } from 'express';
import { findProfile } from '../../../shared/profiles/configuration.ts';
import { DEFAULT_PROFILE } from '../../../shared/profiles/names.ts';
import type { HistoryItem, HistoryResponse } from '../../../shared/protocol/history.ts';
import { AdminError, parseBody } from '../api-error.ts';
import { confirmed, requireConfigConfirmation } from '../confirm-loss.ts';
import { BODY_LIMIT, type AdminDeps } from '../deps.ts';
import { rulesState, saveConfig } from '../save.ts';
import { restoreSchema } from '../schemas.ts';

export function historyRoutes(deps: AdminDeps): Router {
  const { store } = deps;
  const router = Router();
  router.get('/history', (_req, res) => {
    const entries = [...store.history()].reverse().map((e): HistoryItem => ({
      revision: e.revision,
      savedAt: e.savedAt,
      reason: e.reason,
      rules: findProfile(e, DEFAULT_PROFILE)?.rules ?? [],
      profiles: e.profiles,
      sockets: e.sockets,
    }));
    const answer: HistoryResponse = { revision: store.revision(), entries };
    res.json(answer);
  });
  router.post('/history/:revision/restore', express.json({ limit: BODY_LIMIT }), async (req, res) => {
    const wanted = String(req.params.revision);
    const entry = /^\d{1,10}$/.test(wanted) ? store.history().find((e) => e.revision === Number(wanted)) : undefined;
    if (!entry)
      throw new AdminError(
        404,
        'NO_SUCH_REVISION',
        `revision "${wanted.slice(0, 20)}" is not in the history`,
        '/revision',
      );
    const body = parseBody(restoreSchema, req.body);
    const restored = { profiles: entry.profiles, sockets: entry.sockets };
    // Restoring is a change like any other: one that takes most of a profile away, or the ping, asks first.
    if (body.basedOn === store.revision())
      await requireConfigConfirmation(deps.offThread, store.config(), restored, confirmed(req.query));
    await saveConfig(deps, restored, body.basedOn, `restored revision ${entry.revision}`);
    res.json(await rulesState(deps));
  });
  return router;
}
