// The confirm step before a preset replaces the draft: what the draft grants now against what the preset grants.
import { useMemo } from 'react';
import { compareCoverage } from '../../../shared/catalog/coverage.ts';
import type { PresetInfo } from '../../../shared/protocol.ts';
import type { Rule } from '../../../shared/rules/types.ts';
import { ChangesTable } from '../coverage/ChangesTable.tsx';
import { compiledOrNull } from '../coverage/compiled.ts';

interface Props {
  readonly preset: PresetInfo;
  readonly draft: readonly Rule[];
  onConfirm(): void;
  onCancel(): void;
}

export function ConfirmPreset({ preset, draft, onConfirm, onCancel }: Props) {
  const changes = useMemo(() => {
    const before = compiledOrNull(draft);
    const after = compiledOrNull(preset.rules);
    return before && after ? compareCoverage(before, after) : null;
  }, [draft, preset]);
  return (
    <div className="card preview" role="dialog" aria-label={`Use ${preset.name}`}>
      <h3>Replace the draft ({draft.length} rules) with {preset.name} ({preset.rules.length} rules)?</h3>
      <p className="hint">Nothing is saved yet: the draft changes, you review and edit it, then Save. What the rules would grant differently:</p>
      {changes ? <ChangesTable changes={changes} before="Draft now" after={preset.name} /> : <p className="error-box">The draft does not compile; the preset replaces it whole.</p>}
      <div className="actions">
        <button type="button" className="primary" onClick={onConfirm}>Replace the draft</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
    </div>
  );
}
