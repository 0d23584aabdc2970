// The form for a new profile: a name, and what it starts from (nothing, a copy of another profile, or a preset).
import { useState } from 'react';
import { PRESETS } from '../../../shared/presets/presets.ts';
import type { CreateProfileBody } from '../../../shared/protocol/profiles.ts';
import { api, ApiFailure, DEFAULT_PROFILE } from '../api/client.ts';

type Start = 'empty' | 'profile' | 'preset';

interface Props {
  readonly revision: number;
  readonly profiles: readonly string[];
  /** The profile to copy, offered first. */
  readonly current: string;
  onCreated(name: string): void;
  onCancel(): void;
}

export function NewProfile({ revision, profiles, current, onCreated, onCancel }: Props) {
  const [name, setName] = useState('');
  const [start, setStart] = useState<Start>('empty');
  const [copyOf, setCopyOf] = useState(current || DEFAULT_PROFILE);
  const [presetId, setPresetId] = useState(PRESETS[0]?.id ?? '');
  const [error, setError] = useState<ApiFailure | null>(null);
  const [busy, setBusy] = useState(false);

  const create = async (): Promise<void> => {
    const from: CreateProfileBody['from'] =
      start === 'profile' ? { profile: copyOf } : start === 'preset' ? { preset: presetId } : undefined;
    setBusy(true);
    try {
      await api.createProfile({ basedOn: revision, name: name.trim(), ...(from ? { from } : {}) });
      onCreated(name.trim());
    } catch (e) {
      setError(e instanceof ApiFailure ? e : new ApiFailure(0, 'ERROR', String(e)));
    } finally {
      setBusy(false);
    }
  };
  const nameError = error && (error.where === '/name' || error.code === 'PROFILE_EXISTS') ? error.message : null;

  return (
    <form
      className="card new-profile"
      aria-label="New profile"
      onSubmit={(e) => {
        e.preventDefault();
        void create();
      }}
    >
      <h3>New profile</h3>
      <div className="form-grid">
        <label htmlFor="profile-name">Name</label>
        <div>
          <input
            id="profile-name"
            value={name}
            placeholder="traefik"
            aria-invalid={nameError !== null}
            onChange={(e) => {
              setName(e.target.value);
              setError(null);
            }}
          />
          {nameError ? (
            <p className="field-error">{nameError}</p>
          ) : (
            <p className="hint">
              Letters, digits, <code>.</code>, <code>_</code> and <code>-</code>; up to 64.
            </p>
          )}
        </div>
        <span>Start from</span>
        <div className="start-from">
          <label>
            <input type="radio" name="start" checked={start === 'empty'} onChange={() => setStart('empty')} /> no rules
            (denies everything)
          </label>
          <label>
            <input type="radio" name="start" checked={start === 'profile'} onChange={() => setStart('profile')} /> a
            copy of{' '}
            <select
              aria-label="Profile to copy"
              value={copyOf}
              onChange={(e) => {
                setCopyOf(e.target.value);
                setStart('profile');
              }}
            >
              {profiles.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </label>
          <label>
            <input type="radio" name="start" checked={start === 'preset'} onChange={() => setStart('preset')} /> the
            preset{' '}
            <select
              aria-label="Preset to start from"
              value={presetId}
              onChange={(e) => {
                setPresetId(e.target.value);
                setStart('preset');
              }}
            >
              {PRESETS.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>
      {error && nameError === null && (
        <p className="error-box" role="alert">
          Not created: {error.message}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy || name.trim() === ''}>
          Create profile
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
