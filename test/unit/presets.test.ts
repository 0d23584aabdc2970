// Presets: every listed operation exists in the catalog and passes; a sample of what the agent does not need is denied.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { coverOperation } from '../../shared/catalog/coverage.ts';
import { OPERATIONS } from '../../shared/catalog/engine-api.ts';
import { PRESETS, presetRules } from '../../shared/presets/presets.ts';
import { compileRuleSet } from '../../shared/rules/compile.ts';
import { decide } from '../../shared/rules/decide.ts';

describe('presets', () => {
  for (const preset of PRESETS) {
    describe(preset.name, () => {
      const compiled = compileRuleSet(presetRules(preset));
      assert.ok(compiled.ok, preset.id);
      const set = compiled.value;

      it('names only catalog operations', () => {
        for (const op of preset.operations) assert.ok(OPERATIONS.some((o) => `${o.method} ${o.template}` === op), op);
      });
      it('grants each of its operations, versioned or not, and the unversioned HEAD /_ping Go clients send first', () => {
        for (const op of OPERATIONS.filter((o) => preset.operations.includes(`${o.method} ${o.template}`))) {
          assert.equal(coverOperation(op, set).grant, 'allowed', `${op.method} ${op.template}`);
        }
        assert.equal(decide({ method: 'HEAD', target: '/_ping' }, set).verdict, 'allow');
        assert.equal(decide({ method: 'GET', target: '/v1.41/version' }, set).verdict, 'allow');
      });
      if (!preset.fullControl) {
        it('denies what it does not need', () => {
          const unneeded = OPERATIONS.filter((o) => !preset.operations.includes(`${o.method} ${o.template}`) && !['/_ping', '/version'].includes(o.template));
          assert.ok(unneeded.length > 0);
          for (const op of unneeded) assert.equal(coverOperation(op, set).grant, 'denied', `${op.method} ${op.template}`);
        });
      }
    });
  }
  it('Portainer is marked full control and allows everything', () => {
    const portainer = PRESETS.find((p) => p.id === 'portainer');
    assert.equal(portainer?.fullControl, true);
  });
});
