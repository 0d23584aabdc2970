// GET /api/sockets and PUT /api/sockets: the filtered sockets and their state; the whole list is saved as one revision
// and applied at once, without a restart (added, rebound, mode or owner changed, removed).
import express, { Router } from 'express';
import { z } from 'zod';
import type { SocketsResponse } from '../../../shared/protocol/sockets.ts';
import { parseBody } from '../api-error.ts';
import { BODY_LIMIT, type AdminDeps } from '../deps.ts';
import { saveConfig } from '../save.ts';
import { checkSocketList, proxySpec } from '../socket-list.ts';

const putSchema = z.strictObject({ basedOn: z.number().int().positive(), sockets: z.unknown() });

export function socketsRoutes(deps: AdminDeps): Router {
  const { store, sockets, proxySocket } = deps;
  const router = Router();
  const state = async (): Promise<SocketsResponse> => {
    await sockets.settled();
    return { revision: store.revision(), sockets: sockets.states() };
  };
  router.get('/sockets', async (_req, res) => {
    res.json(await state());
  });
  router.put('/sockets', express.json({ limit: BODY_LIMIT }), async (req, res) => {
    const body = parseBody(putSchema, req.body);
    const list = checkSocketList(body.sockets, store.profiles(), proxySpec(sockets, proxySocket));
    await saveConfig(
      deps,
      { profiles: store.profiles(), sockets: list },
      body.basedOn,
      'sockets saved in the admin app',
    );
    res.json(await state());
  });
  return router;
}
