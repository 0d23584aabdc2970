// The shape of the store file, validated on every read so that a hand-edited or torn file is refused, not trusted.
// Version 2 holds every profile and socket under one revision; a version 1 file (one rule set) is migrated on read.
import { z } from 'zod';
import { configurationSchema, profileSchema, socketSpecSchema } from '../../shared/profiles/configuration.ts';
import { rulesSchema } from '../../shared/rules/ruleset-json.ts';

export const STORE_FORMAT = 'doxy-store';
export const STORE_VERSION = 2;
export const HISTORY_LIMIT = 200;

const historyEntrySchema = z.strictObject({
  revision: z.number().int().positive(),
  savedAt: z.string(),
  reason: z.string(),
  profiles: configurationSchema.shape.profiles,
  sockets: configurationSchema.shape.sockets,
});

export const storeSchema = z.strictObject({
  format: z.literal(STORE_FORMAT),
  version: z.literal(STORE_VERSION),
  revision: z.number().int().positive(),
  profiles: z.array(profileSchema).max(1000),
  sockets: z.array(socketSpecSchema).max(256),
  history: z.array(historyEntrySchema),
  adminToken: z.string().min(16),
});

/** doxy 2.0's first store: the one rule set at the top level. */
export const storeSchemaV1 = z.strictObject({
  format: z.literal(STORE_FORMAT),
  version: z.literal(1),
  revision: z.number().int().positive(),
  rules: rulesSchema,
  history: z.array(
    z.strictObject({
      revision: z.number().int().positive(),
      savedAt: z.string(),
      reason: z.string(),
      rules: rulesSchema,
    }),
  ),
  adminToken: z.string().min(16),
});

export type StoreData = z.infer<typeof storeSchema>;
export type StoreDataV1 = z.infer<typeof storeSchemaV1>;
export type HistoryEntry = z.infer<typeof historyEntrySchema>;
