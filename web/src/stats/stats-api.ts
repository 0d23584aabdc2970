// GET /api/stats[?socket=PATH], parsed.
import { z } from 'zod';
import type { StatsResponse } from '../../../shared/protocol/stats.ts';
import { call } from '../api/client.ts';

const statsResponse: z.ZodType<StatsResponse> = z.object({
  socket: z.string(),
  minutes: z.array(
    z.object({ start: z.string(), allow: z.number(), deny: z.number(), learn: z.number(), refuse: z.number() }),
  ),
  topDenied: z.array(
    z.object({
      profile: z.string().nullable(),
      method: z.string(),
      pattern: z.string(),
      operation: z.string().nullable(),
      path: z.string(),
      paths: z.number(),
      count: z.number(),
      learn: z.number(),
    }),
  ),
});

/** One socket's stats; '' for the --proxy-socket, ALL_SOCKETS for every socket together. */
export const ALL_SOCKETS = '*';

export const fetchStats = (socket: string): Promise<StatsResponse> =>
  call('GET', `stats${socket === '' ? '' : `?socket=${encodeURIComponent(socket)}`}`, statsResponse);
