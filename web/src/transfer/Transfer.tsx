// Export a profile's rules or the whole configuration as a file, and import one: a dry run shows the changes first;
// a bad file is refused with where.
import { useState } from 'react';
import type { ConfigImportResponse, ImportResponse } from '../../../shared/protocol/transfer.ts';
import { api, ApiFailure, exportUrl } from '../api/client.ts';
import type { RulesModel } from '../rules/use-rules.ts';
import { ConfigDiffView } from './ConfigDiffView.tsx';
import { ConfirmLoss } from '../rules/ConfirmLoss.tsx';
import { DiffView } from './DiffView.tsx';
import { ImportedPolicy } from './ImportedPolicy.tsx';

interface Pending {
  readonly name: string;
  readonly text: string;
  readonly preview: ImportResponse | ConfigImportResponse;
}

export function Transfer({ model }: { model: RulesModel }) {
  const [pending, setPending] = useState<Pending | null>(null);
  const [error, setError] = useState<{ name: string; failure: ApiFailure } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  /** What the import would take away, while the user is asked to confirm it. */
  const [asking, setAsking] = useState<{ message: string; lost: readonly string[] } | null>(null);

  const choose = async (file: File | undefined): Promise<void> => {
    setPending(null);
    setError(null);
    setDone(null);
    setAsking(null);
    if (!file) return;
    const text = await file.text();
    try {
      setPending({
        name: file.name,
        text,
        preview: await api.importFile(model.profile, text, file.name, { dryRun: true }),
      });
    } catch (e) {
      setError({ name: file.name, failure: e instanceof ApiFailure ? e : new ApiFailure(0, 'ERROR', String(e)) });
    }
  };

  const apply = async (confirm = false): Promise<void> => {
    if (!pending) return;
    const { preview } = pending;
    if (!confirm && preview.format !== 'doxy-config' && preview.loss.needsConfirm) {
      setAsking({ message: preview.loss.message ?? '', lost: preview.loss.lost });
      return;
    }
    setAsking(null);
    try {
      const result = await api.importFile(model.profile, pending.text, pending.name, {
        dryRun: false,
        basedOn: preview.revision,
        confirm,
      });
      setPending(null);
      setDone(
        result.format === 'doxy-config'
          ? `Imported ${pending.name} as revision ${result.revision}: every profile and socket is as the file says.`
          : `Imported ${pending.name} as revision ${result.revision} of profile ${model.profile}: the sockets bound to it use it now.`,
      );
      model.revisionSaved(result.revision);
    } catch (e) {
      const failure = e instanceof ApiFailure ? e : new ApiFailure(0, 'ERROR', String(e));
      // The profile changed since the preview in a way that makes this import lose most of it: ask, as above.
      if (failure.code === 'CONFIRM_NEEDED') {
        setAsking({ message: failure.message, lost: failure.problems.map((p) => p.where) });
        return;
      }
      setError({ name: pending.name, failure });
      setPending(null);
    }
  };

  return (
    <section aria-label="Import and export">
      <div className="card">
        <h2>Export</h2>
        <p className="hint">
          The saved rules of profile {model.profile} (revision {model.saved?.revision}), in order, with comments and
          enabled state.{model.dirty ? ' Unsaved edits are not included: save first.' : ''}
        </p>
        <div className="actions">
          <a className="button" href={exportUrl(model.profile, 'json')} download>
            Download JSON (doxy-ruleset)
          </a>
          <a className="button" href={exportUrl(model.profile, 'pattern')} download>
            Download pattern file
          </a>
          <a className="button" href={exportUrl(model.profile, 'config')} download>
            Download every profile and socket (doxy-config)
          </a>
        </div>
      </div>
      <div className="card">
        <h2>Import</h2>
        <p className="hint">
          A doxy-ruleset JSON file, or a doxy pattern file (one <code>[allow|deny] METHODS PATTERN</code> or bare
          pattern a line). It replaces the rules of profile {model.profile}; a doxy-config file replaces every profile
          and socket. You see what changes before anything is applied.
        </p>
        <label className="file">
          <span>Choose a file</span>
          <input
            type="file"
            aria-label="Rule file to import"
            accept=".json,.pattern,.txt,text/plain,application/json"
            onChange={(e) => {
              void choose(e.target.files?.[0]);
              e.target.value = '';
            }}
          />
        </label>
        {error && (
          <div className="error-box" role="alert">
            <p>
              <strong>{error.name} was not imported.</strong> The current rules are untouched.
            </p>
            <p>{error.failure.message}</p>
            {error.failure.problems.length > 1 && (
              <ul>
                {error.failure.problems.map((p) => (
                  <li key={`${p.where} ${p.message}`}>
                    <code>{p.where}</code>: {p.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
        {pending && (
          <div className="preview">
            {pending.preview.format === 'doxy-config' ? (
              <>
                <h3>
                  {pending.name} (doxy-config, {pending.preview.config.profiles.length} profiles,{' '}
                  {pending.preview.config.sockets.length} sockets) would change revision {pending.preview.revision}:
                </h3>
                <ConfigDiffView preview={pending.preview} />
              </>
            ) : (
              <>
                <h3>
                  {pending.name} ({pending.preview.format}, {pending.preview.rules.length} rules) would change profile{' '}
                  {model.profile}, revision {pending.preview.revision}:
                </h3>
                <DiffView diff={pending.preview.diff} />
                {pending.preview.policy !== undefined && (
                  <ImportedPolicy policy={pending.preview.policy} profile={model.profile} />
                )}
                {pending.preview.warnings.length > 0 && (
                  <ul className="warnings" aria-label="Warnings about the imported rules">
                    {pending.preview.warnings.map((w) => (
                      <li key={`${w.where} ${w.message}`}>
                        <code>{w.where}</code>: {w.message}
                      </li>
                    ))}
                  </ul>
                )}
                {pending.preview.loss.needsConfirm && (
                  <p className="error-box" role="note">
                    This import {pending.preview.loss.message?.replace(/^this change /, '')}.
                  </p>
                )}
              </>
            )}
            {asking ? (
              <ConfirmLoss
                label="Confirm the import"
                message={asking.message}
                lost={asking.lost}
                confirmLabel="Replace anyway"
                cancelLabel={
                  pending.preview.format === 'doxy-config' ? 'Keep the current configuration' : 'Keep the current rules'
                }
                onConfirm={() => void apply(true)}
                onCancel={() => {
                  setAsking(null);
                  setPending(null);
                }}
              />
            ) : (
              <div className="actions">
                <button type="button" className="primary" onClick={() => void apply()}>
                  Apply import
                </button>
                <button type="button" onClick={() => setPending(null)}>
                  Cancel
                </button>
              </div>
            )}
          </div>
        )}
        {done && (
          <p className="bar ok" role="status">
            {done}
          </p>
        )}
      </div>
    </section>
  );
}
