// Version 1 -> 2: the one rule set becomes profile 'default', with no sockets besides the --proxy-socket; history alike.
// Done in memory on read: the file is rewritten as version 2 by the next save, so a file doxy only reads stays as it was.
import { DEFAULT_PROFILE } from '../../shared/profiles/names.ts';
import { STORE_VERSION, type StoreData, type StoreDataV1 } from './schema.ts';

export function migrateV1(v1: StoreDataV1): StoreData {
  return {
    format: v1.format,
    version: STORE_VERSION,
    revision: v1.revision,
    profiles: [{ name: DEFAULT_PROFILE, rules: v1.rules }],
    sockets: [],
    history: v1.history.map((h) => ({
      revision: h.revision,
      savedAt: h.savedAt,
      reason: h.reason,
      profiles: [{ name: DEFAULT_PROFILE, rules: h.rules }],
      sockets: [],
    })),
    adminToken: v1.adminToken,
  };
}
