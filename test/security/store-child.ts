// A process that uses the store the way doxy does, for the store tests to kill or to race against another one.
// Usage: store-child.ts loop FILE        saves ever larger rule sets until killed; prints "saved REVISION MARKER" after each
//        store-child.ts race FILE N TAG  prints "ready" once the store is open, waits for "go" on stdin, then saves N
//                                        times; prints one JSON line per save
import { openStore } from '../../server/store/store.ts';
import { withProfileRules } from '../../shared/profiles/configuration.ts';
import type { Rule } from '../../shared/rules/types.ts';

const [mode, file, count = '0', tag = 'x'] = process.argv.slice(2);
if (!file || (mode !== 'loop' && mode !== 'race')) throw new Error('usage: store-child.ts loop|race FILE [N TAG]');

/** A rule set that names its save in the first rule's comment, padded so that a write takes a while. */
function rules(marker: string, size: number): Rule[] {
  const head: Rule = {
    id: 'marker',
    action: 'allow',
    methods: ['GET'],
    pattern: '^/_ping$',
    comment: marker,
    enabled: true,
  };
  const filler = Array.from({ length: size }, (_, i): Rule => ({
    id: `r${i}`,
    action: 'deny',
    methods: '*',
    pattern: `^/filler/${i}/[a-z0-9]+$`,
    comment: 'x'.repeat(100),
    enabled: true,
  }));
  return [head, ...filler];
}

const store = await openStore(file, rules('initial', 1));

if (mode === 'loop') {
  for (let i = 0; ; i++) {
    const marker = `loop-${process.pid}-${i}`;
    const r = await store.save(
      withProfileRules(store.config(), 'default', rules(marker, 50 + (i % 7) * 40)),
      store.revision(),
      marker,
    );
    process.stdout.write(`saved ${r.revision} ${marker}\n`);
  }
} else {
  const go = new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
  process.stdout.write('ready\n');
  await go;
  for (let i = 0; i < Number(count); i++) {
    const marker = `${tag}-${i}`;
    try {
      const r = await store.save(
        withProfileRules(store.config(), 'default', rules(marker, 20)),
        store.revision(),
        marker,
      );
      process.stdout.write(`${JSON.stringify({ marker, ok: r.ok, revision: r.revision })}\n`);
    } catch (error) {
      process.stdout.write(
        `${JSON.stringify({ marker, ok: false, code: (error as { code?: string }).code ?? String(error) })}\n`,
      );
    }
  }
  process.exit(0);
}
