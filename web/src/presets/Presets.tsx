// The presets screen: ready rule sets for common agents; using one replaces the draft after a look at what changes.
import { useState } from 'react';
import { PRESETS } from '../../../shared/presets/presets.ts';
import { presetInfo, type PresetInfo } from '../../../shared/protocol.ts';
import '../coverage/coverage.css';
import type { RulesModel } from '../rules/use-rules.ts';
import { ConfirmPreset } from './ConfirmPreset.tsx';
import { PresetCard } from './PresetCard.tsx';

const INFOS: readonly PresetInfo[] = PRESETS.map(presetInfo);

export function Presets({ model }: { model: RulesModel }) {
  const [chosen, setChosen] = useState<PresetInfo | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const use = (p: PresetInfo): void => {
    model.setDraft(p.rules);
    setChosen(null);
    setDone(`The draft now holds ${p.name} (${p.rules.length} rules). Review it under Rules or Coverage, then Save: the proxy does not use it until then.`);
  };
  return (
    <section aria-label="Presets">
      <h2>Presets</h2>
      <p className="hint">Rule sets for agents people put behind a Docker socket proxy, each with the Engine API operations it calls. Every preset also allows <code>GET</code>/<code>HEAD /_ping</code> and <code>GET /version</code>, versioned and not.</p>
      {done && <p className="bar ok" role="status">{done}</p>}
      {chosen && <ConfirmPreset preset={chosen} draft={model.draft} onConfirm={() => use(chosen)} onCancel={() => setChosen(null)} />}
      <div className="preset-grid">
        {INFOS.map((p) => <PresetCard key={p.id} preset={p} onUse={() => { setDone(null); setChosen(p); window.scrollTo({ top: 0 }); }} />)}
      </div>
    </section>
  );
}
