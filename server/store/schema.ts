// The shape of the store file, validated on every read so that a hand-edited or torn file is refused, not trusted.
import { z } from 'zod';
import { rulesSchema } from '../../shared/rules/ruleset-json.ts';

export const STORE_FORMAT = 'doxy-store';
export const STORE_VERSION = 1;
export const HISTORY_LIMIT = 200;

const historyEntrySchema = z.strictObject({
  revision: z.number().int().positive(),
  savedAt: z.string(),
  reason: z.string(),
  rules: rulesSchema,
});

export const storeSchema = z.strictObject({
  format: z.literal(STORE_FORMAT),
  version: z.literal(STORE_VERSION),
  revision: z.number().int().positive(),
  rules: rulesSchema,
  history: z.array(historyEntrySchema),
  adminToken: z.string().min(16),
});

export type StoreData = z.infer<typeof storeSchema>;
export type HistoryEntry = z.infer<typeof historyEntrySchema>;
