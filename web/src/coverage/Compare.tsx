// Compare mode: a profile's saved rules side by side with another profile, its draft, a preset, a history revision or a file.
import { useEffect, useMemo, useState } from 'react';
import { PRESETS } from '../../../shared/presets/presets.ts';
import type { CoverageCompareResponse, GrantCounts } from '../../../shared/protocol/coverage.ts';
import type { HistoryResponse } from '../../../shared/protocol/history.ts';
import type { Rule } from '../../../shared/rules/types.ts';
import { api, ApiFailure } from '../api/client.ts';
import type { RulesModel } from '../rules/use-rules.ts';
import { CompareTable, differing } from './CompareTable.tsx';
import { otherSide, SOURCE_LABELS, type SourceKind } from './compare-sources.ts';

const KINDS = Object.keys(SOURCE_LABELS) as SourceKind[];

function Totals({ label, counts }: { label: string; counts: GrantCounts }) {
  return (
    <div className="card side-total" aria-label={`Totals of ${label}`}>
      <strong>{label}</strong>
      <span>
        {counts.allowed} allowed · {counts.partial} partial · {counts.denied} denied
      </span>
    </div>
  );
}

export function Compare({ model, profiles }: { model: RulesModel; profiles: readonly string[] }) {
  const { profile } = model;
  const others = profiles.filter((p) => p !== profile);
  const [kind, setKind] = useState<SourceKind>(model.dirty ? 'draft' : others.length > 0 ? 'profile' : 'preset');
  const [otherProfile, setOtherProfile] = useState(others[0] ?? '');
  const [presetId, setPresetId] = useState(PRESETS[0]?.id ?? '');
  const [history, setHistory] = useState<HistoryResponse | null>(null);
  const [revision, setRevision] = useState<number | null>(null);
  const [imported, setImported] = useState<{ label: string; rules: readonly Rule[] } | null>(null);
  const [onlyDiffering, setOnlyDiffering] = useState(false);
  const [result, setResult] = useState<CoverageCompareResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const failed = (e: unknown): void => setError(e instanceof ApiFailure || e instanceof Error ? e.message : String(e));
  const savedRevision = model.saved?.revision;

  useEffect(() => {
    if (!others.includes(otherProfile)) setOtherProfile(others[0] ?? '');
  }, [others, otherProfile]);
  useEffect(() => {
    if (kind !== 'revision') return;
    api.history(profile).then((h) => {
      setHistory(h);
      setRevision((r) => r ?? h.entries[1]?.revision ?? h.entries[0]?.revision ?? null);
    }, failed);
  }, [kind, profile, savedRevision]);

  const choose = async (file: File | undefined): Promise<void> => {
    setError(null);
    if (!file) return;
    try {
      const preview = await api.importFile(profile, await file.text(), file.name, { dryRun: true });
      if (preview.format !== 'doxy-config') {
        setImported({ label: file.name, rules: preview.rules });
        return;
      }
      // A whole configuration: its profile of the same name is what this profile would become.
      const same = preview.config.profiles.find((p) => p.name === profile);
      if (!same)
        throw new Error(
          `${file.name} holds no profile named ${profile} (it has ${preview.config.profiles.map((p) => p.name).join(', ')})`,
        );
      setImported({ label: `${file.name}: ${profile}`, rules: same.rules });
    } catch (e) {
      setImported(null);
      failed(e);
    }
  };

  const b = useMemo(
    () => otherSide(kind, { profile, draft: model.draft, otherProfile, presetId, history, revision, imported }),
    [kind, model.draft, otherProfile, presetId, history, revision, imported],
  );
  // Asked again only when what is compared changes: the key stands for the profile, its revision and the other side.
  const key = b ? JSON.stringify([profile, savedRevision, b.side]) : null;
  useEffect(() => {
    if (!b || key === null) {
      setResult(null);
      return undefined;
    }
    let current = true;
    api.compare({ profile }, b.side).then(
      (r) => {
        if (current) {
          setResult(r);
          setError(null);
        }
      },
      (e: unknown) => {
        if (current) {
          setResult(null);
          failed(e);
        }
      },
    );
    return () => {
      current = false;
    };
  }, [key]);
  const labels: readonly [string, string] = [`${profile} (saved)`, b?.label ?? ''];

  return (
    <div className="compare">
      <div className="filters">
        <span>
          Compare profile {profile} (saved, revision {savedRevision}) with
        </span>
        <select
          aria-label="Compare with"
          value={kind}
          onChange={(e) => {
            setKind(e.target.value as SourceKind);
            setError(null);
          }}
        >
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {SOURCE_LABELS[k]}
            </option>
          ))}
        </select>
        {kind === 'profile' && (
          <select aria-label="Other profile" value={otherProfile} onChange={(e) => setOtherProfile(e.target.value)}>
            {others.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        )}
        {kind === 'preset' && (
          <select aria-label="Preset" value={presetId} onChange={(e) => setPresetId(e.target.value)}>
            {PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        )}
        {kind === 'revision' && history && (
          <select aria-label="Revision" value={revision ?? ''} onChange={(e) => setRevision(Number(e.target.value))}>
            {history.entries.map((e) => (
              <option key={e.revision} value={e.revision}>
                revision {e.revision}: {e.reason}
              </option>
            ))}
          </select>
        )}
        {kind === 'import' && (
          <input
            type="file"
            aria-label="Rule file to compare"
            accept=".json,.pattern,.txt,text/plain,application/json"
            onChange={(e) => {
              void choose(e.target.files?.[0]);
              e.target.value = '';
            }}
          />
        )}
        <label>
          <input type="checkbox" checked={onlyDiffering} onChange={(e) => setOnlyDiffering(e.target.checked)} /> only
          operations that differ
        </label>
      </div>
      {error && (
        <p className="error-box" role="alert">
          {error}
        </p>
      )}
      {kind === 'profile' && others.length === 0 && (
        <p className="hint">There is no other profile yet: create one with “New profile…” above.</p>
      )}
      {kind === 'import' && !imported && !error && (
        <p className="hint">Choose a doxy-ruleset JSON or pattern file: nothing is imported, it is only compared.</p>
      )}
      {b && result && (
        <>
          <div className="side-totals">
            <Totals label={labels[0]} counts={result.a.counts} />
            <Totals label={labels[1]} counts={result.b.counts} />
          </div>
          <p className="hint" role="status">
            {differing(result) === 0
              ? 'No operation changes: both grant exactly the same.'
              : differing(result) === 1
                ? '1 operation differs (highlighted).'
                : `${differing(result)} operations differ (highlighted).`}
          </p>
          <CompareTable result={result} labels={labels} onlyDiffering={onlyDiffering} />
        </>
      )}
    </div>
  );
}
