// GET /api/presets: the ready rule sets for common agents, with their operations and the rules they become.
import { Router } from 'express';
import { presetInfo } from '../../../shared/presets/preset-info.ts';
import { PRESETS } from '../../../shared/presets/presets.ts';
import type { PresetsResponse } from '../../../shared/protocol/presets.ts';

export function presetsRoutes(): Router {
  const router = Router();
  router.get('/presets', (_req, res) => {
    const answer: PresetsResponse = { presets: PRESETS.map(presetInfo) };
    res.json(answer);
  });
  return router;
}
