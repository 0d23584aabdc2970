// The profile picker above every screen that works on one profile: choose it, create one, delete one (the server may refuse).
import { useState } from 'react';
import { api, ApiFailure, DEFAULT_PROFILE } from '../api/client.ts';
import { NewProfile } from './NewProfile.tsx';
import type { ProfilesModel } from './use-profiles.ts';
import './profiles.css';

interface Props {
  readonly profile: string;
  readonly profiles: ProfilesModel;
  /** Profiles with an unsaved draft kept aside. */
  readonly unsaved: readonly string[];
  /** True when the shown profile's draft has unsaved edits. */
  readonly dirty: boolean;
  choose(profile: string): void;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function ProfileBar({ profile, profiles, unsaved, dirty, choose }: Props) {
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const list = profiles.list;
  const names = list?.profiles.map((p) => p.name) ?? [profile];
  const shown = list?.profiles.find((p) => p.name === profile);
  const missing = list !== null && shown === undefined;

  const remove = async (): Promise<void> => {
    if (!list) return;
    // Off the profile first: the revision the delete announces would otherwise reload a profile that is gone (a 404).
    setDeleting(false);
    choose(DEFAULT_PROFILE);
    try {
      await api.deleteProfile(profile, list.revision);
      await profiles.refresh();
    } catch (e) {
      choose(profile);
      setError(e instanceof ApiFailure ? e.message : String(e));
      await profiles.refresh();
    }
  };

  return (
    <div className="profile-bar-wrap">
      <div className="profile-bar">
        <label>
          Profile{' '}
          <select
            aria-label="Profile"
            value={profile}
            onChange={(e) => {
              setError(null);
              setDeleting(false);
              choose(e.target.value);
            }}
          >
            {names.includes(profile) ? null : <option value={profile}>{profile} (missing)</option>}
            {names.map((n) => (
              <option key={n} value={n}>
                {n}
                {(n === profile ? dirty : unsaved.includes(n)) ? ' (unsaved edits)' : ''}
              </option>
            ))}
          </select>
        </label>
        <span className="hint" aria-label="Bound sockets">
          {shown &&
            (shown.sockets.length === 0 ? (
              'No socket uses this profile.'
            ) : (
              <>
                Used by {plural(shown.sockets.length, 'socket')}:{' '}
                {shown.sockets.map((s, i) => (
                  <span key={s}>
                    {i > 0 && ', '}
                    <code>{s}</code>
                  </span>
                ))}
              </>
            ))}
        </span>
        <span className="spacer" />
        <button
          type="button"
          onClick={() => {
            setCreating(!creating);
            setError(null);
          }}
        >
          New profile…
        </button>
        {profile !== DEFAULT_PROFILE && !missing && (
          <button
            type="button"
            className="danger"
            onClick={() => {
              setDeleting(true);
              setError(null);
            }}
          >
            Delete profile…
          </button>
        )}
      </div>
      {missing && (
        <p className="error-box" role="alert">
          There is no profile named “{profile}” (deleted or never created). Choose another one.
        </p>
      )}
      {deleting && (
        <div className="bar error" role="alertdialog" aria-label="Delete profile">
          <span>
            Delete profile {profile} and its rules{dirty ? ' (and your unsaved edits)' : ''}? A profile a socket uses
            cannot be deleted.
          </span>
          <button type="button" className="danger" onClick={() => void remove()}>
            Delete {profile}
          </button>
          <button type="button" onClick={() => setDeleting(false)}>
            Cancel
          </button>
        </div>
      )}
      {error && (
        <p className="error-box" role="alert">
          Not deleted: {error}
        </p>
      )}
      {creating && list && (
        <NewProfile
          revision={list.revision}
          profiles={names}
          current={profile}
          onCancel={() => setCreating(false)}
          onCreated={(name) => {
            setCreating(false);
            void profiles.refresh().then(() => choose(name));
          }}
        />
      )}
    </div>
  );
}
