// The step after "use this preset": make a new profile from it, or replace the chosen profile's draft after a look at what changes.
import { useMemo, useState } from 'react';
import { compareCoverage } from '../../../shared/catalog/coverage.ts';
import type { PresetInfo } from '../../../shared/protocol/presets.ts';
import type { Rule } from '../../../shared/rules/types.ts';
import { api, ApiFailure } from '../api/client.ts';
import { ChangesTable } from '../coverage/ChangesTable.tsx';
import { compiledOrNull } from '../coverage/compiled.ts';
import { useReview } from '../rules/use-review.ts';
import { WarningList } from '../rules/WarningList.tsx';

interface Props {
  readonly preset: PresetInfo;
  readonly profile: string;
  readonly draft: readonly Rule[];
  /** The configuration revision a new profile is created on; 0 while the app does not know it yet. */
  readonly revision: number;
  onConfirm(): void;
  onCreated(name: string): void;
  onCancel(): void;
}

export function ConfirmPreset({ preset, profile, draft, revision, onConfirm, onCreated, onCancel }: Props) {
  const [name, setName] = useState(preset.id);
  const [error, setError] = useState<string | null>(null);
  // Linted as the profile's rules, with its body policy: what the draft would warn about once replaced.
  const review = useReview(profile, preset.rules);
  const changes = useMemo(() => {
    const before = compiledOrNull(draft);
    const after = compiledOrNull(preset.rules);
    return before && after ? compareCoverage(before, after) : null;
  }, [draft, preset]);
  const create = async (): Promise<void> => {
    try {
      await api.createProfile({ basedOn: revision, name: name.trim(), from: { preset: preset.id } });
      onCreated(name.trim());
    } catch (e) {
      setError(e instanceof ApiFailure ? e.message : String(e));
    }
  };
  return (
    <div className="card preview" role="dialog" aria-label={`Use ${preset.name}`}>
      <h3>
        Use {preset.name} ({preset.rules.length} rules)
      </h3>
      <form
        className="inline as-new-profile"
        aria-label="As a new profile"
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <strong>As a new profile</strong>
        <label>
          New profile name{' '}
          <input
            value={name}
            aria-invalid={error !== null}
            onChange={(e) => {
              setName(e.target.value);
              setError(null);
            }}
          />
        </label>
        {/* Created on a revision not known yet, the server would refuse it: the button waits for the app to learn it. */}
        <button type="submit" className="primary" disabled={name.trim() === '' || revision === 0}>
          Create profile {name.trim()}
        </button>
        <span className="hint">Saved at once; bind a socket to it under Sockets.</span>
      </form>
      {error && (
        <p className="field-error" role="alert">
          Not created: {error}
        </p>
      )}
      <h4>
        Or replace the draft of profile {profile} ({draft.length} rules)
      </h4>
      <p className="hint">
        Nothing is saved yet: the draft changes, you review and edit it, then Save. What the rules would grant
        differently is below.
      </p>
      <WarningList warnings={review?.warnings} label="Warnings about the preset's rules" />
      <div className="actions">
        <button type="button" onClick={onConfirm}>
          Replace the draft
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
      {changes ? (
        <ChangesTable changes={changes} before="Draft now" after={preset.name} />
      ) : (
        <p className="error-box">The draft does not compile; the preset replaces it whole.</p>
      )}
    </div>
  );
}
