// The policed bodies learn mode saw forwarded, for the body policy it proposes: the last distinct ones, bounded in number
// and in bytes, so that an agent sending many large bodies cannot grow memory without bound.
import { createHash } from 'node:crypto';
import type { SeenBody } from '../../shared/learn/propose-policy.ts';

/** Distinct bodies kept at most; one seen again moves to the end instead of taking a place. */
export const MAX_SEEN_BODIES = 200;
/** Their bytes in all at most (one body is 1 MiB at most: MAX_POLICED_BODY_BYTES). */
export const MAX_SEEN_BODY_BYTES = 8 * 1024 * 1024;

export interface SeenBodies {
  add(b: SeenBody): void;
  /** Oldest first. */
  list(): SeenBody[];
  /** Changes whenever the list holds other bodies than before (not when one is seen again). */
  version(): number;
  /** Bodies dropped to keep within the bounds since the last clear. */
  dropped(): number;
  clear(): void;
}

const size = (b: SeenBody): number => (typeof b.body === 'string' ? Buffer.byteLength(b.body) : b.body.byteLength);

export function createSeenBodies(maxCount = MAX_SEEN_BODIES, maxBytes = MAX_SEEN_BODY_BYTES): SeenBodies {
  const kept = new Map<string, SeenBody>();
  let bytes = 0;
  let changes = 0;
  let lost = 0;
  return {
    add(b) {
      // The same bytes as text or as a Buffer are the same body. Keyed by a digest: a key holding the body itself
      // would keep a second copy of every body, outside the byte bound.
      const key = createHash('sha256').update(b.operation).update('\n').update(b.body).digest('base64');
      const known = kept.get(key);
      if (known) {
        kept.delete(key);
        kept.set(key, known);
        return;
      }
      kept.set(key, b);
      bytes += size(b);
      changes++;
      for (const [k, old] of kept) {
        if (kept.size <= maxCount && bytes <= maxBytes) break;
        kept.delete(k);
        bytes -= size(old);
        lost++;
      }
    },
    list: () => [...kept.values()],
    version: () => changes,
    dropped: () => lost,
    clear() {
      if (kept.size > 0) changes++;
      kept.clear();
      bytes = 0;
      lost = 0;
    },
  };
}
