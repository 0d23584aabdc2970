// GET /api/stats[?socket=PATH], parsed.
import { z } from 'zod';
import type { StatsResponse } from '../../../shared/protocol/stats.ts';
import { call } from '../api/client.ts';

const statsResponse: z.ZodType<StatsResponse> = z.object({
  socket: z.string(),
  minutes: z.array(z.object({ start: z.string(), allow: z.number(), deny: z.number(), refuse: z.number() })),
  topDenied: z.array(z.object({ method: z.string(), path: z.string(), count: z.number() })),
});

/** One socket's stats; '' for the --proxy-socket. */
export const fetchStats = (socket: string): Promise<StatsResponse> =>
  call('GET', `stats${socket === '' ? '' : `?socket=${encodeURIComponent(socket)}`}`, statsResponse);
