// GET /api/stats, parsed.
import { z } from 'zod';
import type { StatsResponse } from '../../../shared/protocol.ts';
import { call } from '../api/client.ts';

const statsResponse: z.ZodType<StatsResponse> = z.object({
  socket: z.string(),
  minutes: z.array(z.object({ start: z.string(), allow: z.number(), deny: z.number(), refuse: z.number() })),
  topDenied: z.array(z.object({ method: z.string(), path: z.string(), count: z.number() })),
});

export const fetchStats = (): Promise<StatsResponse> => call('GET', 'stats', statsResponse);
