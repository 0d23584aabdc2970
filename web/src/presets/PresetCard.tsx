// One preset: its name, where its list comes from, a full-control marker, and each operation with its risk.
import type { PresetInfo } from '../../../shared/protocol/presets.ts';
import { OperationName, RiskBadge } from '../coverage/badges.tsx';

export function PresetCard({ preset, onUse }: { preset: PresetInfo; onUse(): void }) {
  const ops = preset.operations;
  return (
    <article className="card preset" aria-label={preset.name}>
      <h3>
        {preset.name}
        {preset.fullControl && (
          <span className="full-control" title="Granting this is granting root on the host">
            full control
          </span>
        )}
      </h3>
      <p className="hint">{preset.note}</p>
      {preset.fullControl ? (
        <p>Allows every operation ({ops.length}), root-equivalent ones included, with one rule.</p>
      ) : (
        <details open>
          <summary>
            {ops.length} operations (plus ping and version), {ops.filter((o) => o.risk === 'root').length}{' '}
            root-equivalent
          </summary>
          <ul className="ops">
            {ops.map((o) => (
              <li key={`${o.method} ${o.template}`}>
                <RiskBadge risk={o.risk} /> <OperationName op={o} />
              </li>
            ))}
          </ul>
        </details>
      )}
      <div className="actions">
        <button type="button" aria-label={`use ${preset.id}`} onClick={onUse}>
          Use this preset…
        </button>
      </div>
    </article>
  );
}
