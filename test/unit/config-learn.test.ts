// --learn [minutes] / DOXY_LEARN: off by default, bare flag means the default deadline (15 minutes), 0 none, a number is minutes, bad values name their source.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, parseConfig } from '../../server/config.ts';

const quiet = { write: () => undefined };
const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseConfig(argv, { HOME: '/home/u', ...env }, quiet);

describe('the learn setting', () => {
  it('reads the flag over the variable over the default', () => {
    const rows: [string[], NodeJS.ProcessEnv, number | null][] = [
      [[], {}, null],
      [['--learn'], {}, 15],
      [['--learn', '30'], {}, 30],
      [['--learn=0.5'], {}, 0.5],
      [['-learn', '10'], {}, 10],
      [['--learn', '--debug'], {}, 15],
      [[], { DOXY_LEARN: '15' }, 15],
      [[], { DOXY_LEARN: '0' }, 0],
      [[], { DOXY_LEARN: 'off' }, null],
      [[], { DOXY_LEARN: '' }, null],
      [['--learn', '5'], { DOXY_LEARN: '15' }, 5],
    ];
    for (const [argv, env, want] of rows)
      assert.equal(parse(argv, env).learn, want, `${argv.join(' ')} ${JSON.stringify(env)}`);
  });

  it('names the flag or variable a bad value came from', () => {
    for (const [argv, env, source] of [
      [['--learn', 'soon'], {}, '--learn'],
      [[], { DOXY_LEARN: '-3' }, 'DOXY_LEARN'],
      [[], { DOXY_LEARN: '20000' }, 'DOXY_LEARN'],
    ] as const) {
      assert.throws(
        () => parse([...argv], env),
        (e: unknown) => e instanceof ConfigError && e.source === source && /minutes/.test(e.message),
      );
    }
  });
});
