// Compare mode: the saved rules against the draft, a preset, a history revision or an import candidate; only changes.
import { useEffect, useMemo, useState } from 'react';
import { compareCoverage } from '../../../shared/catalog/coverage.ts';
import { PRESETS } from '../../../shared/presets/presets.ts';
import type { HistoryResponse } from '../../../shared/protocol.ts';
import { api, ApiFailure } from '../api/client.ts';
import type { RulesModel } from '../rules/use-rules.ts';
import { ChangesTable } from './ChangesTable.tsx';
import { compiledOrNull } from './compiled.ts';
import { candidate, SOURCE_LABELS, type Candidate, type SourceKind } from './compare-sources.ts';

const KINDS = Object.keys(SOURCE_LABELS) as SourceKind[];

export function Compare({ model }: { model: RulesModel }) {
  const [kind, setKind] = useState<SourceKind>('draft');
  const [presetId, setPresetId] = useState(PRESETS[0]?.id ?? '');
  const [history, setHistory] = useState<HistoryResponse | null>(null);
  const [revision, setRevision] = useState<number | null>(null);
  const [imported, setImported] = useState<Candidate | null>(null);
  const [error, setError] = useState<string | null>(null);
  const failed = (e: unknown): void => setError(e instanceof ApiFailure ? e.message : String(e));

  useEffect(() => {
    if (kind !== 'revision') return;
    api.history().then((h) => { setHistory(h); setRevision((r) => r ?? h.entries[1]?.revision ?? h.entries[0]?.revision ?? null); }, failed);
  }, [kind, model.saved?.revision]);

  const choose = async (file: File | undefined): Promise<void> => {
    setError(null);
    if (!file) return;
    try {
      const preview = await api.importFile(await file.text(), file.name, { dryRun: true });
      setImported({ label: file.name, rules: preview.rules });
    } catch (e) { setImported(null); failed(e); }
  };

  const saved = model.saved;
  const draft = model.draft;
  const other = useMemo(() => candidate(kind, { draft, presetId, history, revision, imported }), [kind, draft, presetId, history, revision, imported]);
  const changes = useMemo(() => {
    const before = saved && compiledOrNull(saved.rules);
    const after = other && compiledOrNull(other.rules);
    return before && after ? compareCoverage(before, after) : null;
  }, [saved, other]);

  return (
    <div className="compare">
      <div className="filters">
        <label>Compare the saved rules (revision {saved?.revision}) with{' '}
          <select aria-label="Compare with" value={kind} onChange={(e) => { setKind(e.target.value as SourceKind); setError(null); }}>
            {KINDS.map((k) => <option key={k} value={k}>{SOURCE_LABELS[k]}</option>)}
          </select>
        </label>
        {kind === 'preset' && (
          <select aria-label="Preset" value={presetId} onChange={(e) => setPresetId(e.target.value)}>
            {PRESETS.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
          </select>
        )}
        {kind === 'revision' && history && (
          <select aria-label="Revision" value={revision ?? ''} onChange={(e) => setRevision(Number(e.target.value))}>
            {history.entries.map((e) => <option key={e.revision} value={e.revision}>revision {e.revision}: {e.reason}</option>)}
          </select>
        )}
        {kind === 'import' && <input type="file" aria-label="Rule file to compare" accept=".json,.pattern,.txt,text/plain,application/json" onChange={(e) => { void choose(e.target.files?.[0]); e.target.value = ''; }} />}
      </div>
      {error && <p className="error-box" role="alert">{error}</p>}
      {kind === 'import' && !imported && !error && <p className="hint">Choose a doxy-ruleset JSON or pattern file: nothing is imported, it is only compared.</p>}
      {other && changes && (
        <>
          <p className="hint">{changes.length} of the catalog's operations change from the saved rules to {other.label.toLowerCase() === 'draft' ? 'the draft' : other.label}.</p>
          <ChangesTable changes={changes} before={`Saved (r${saved?.revision})`} after={other.label} />
        </>
      )}
    </div>
  );
}
