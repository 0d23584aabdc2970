// Loads one thing of the chosen profile (its body policy, its answer and ownership settings): with the profile and
// again at every announced revision. An answer for a profile no longer chosen (the user switched meanwhile) is dropped.
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiFailure } from './client.ts';

export interface ProfileLoad<T> {
  /** What is saved, null until loaded (or when loading failed). */
  readonly saved: T | null;
  readonly loadError: string | null;
  /** Loads again now (after a save, or a conflict): what was loaded, or null. */
  load(): Promise<T | null>;
  /** Takes an answer the server gave to a save. */
  setSaved(value: T): void;
}

export function failure(error: unknown): ApiFailure {
  return error instanceof ApiFailure ? error : new ApiFailure(0, 'ERROR', String(error));
}

/** `read` must be the same function on every render (a module-level one). */
export function useProfileLoad<T>(
  profile: string,
  loggedIn: boolean,
  revision: number,
  read: (profile: string) => Promise<T>,
): ProfileLoad<T> {
  const [saved, setSaved] = useState<T | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const asked = useRef(profile);

  const load = useCallback(async (): Promise<T | null> => {
    const name = profile;
    asked.current = name;
    try {
      const value = await read(name);
      if (asked.current !== name) return null;
      setSaved(value);
      setLoadError(null);
      return value;
    } catch (error) {
      if (asked.current === name) setLoadError(failure(error).message);
      return null;
    }
  }, [profile, read]);

  useEffect(() => {
    setSaved(null);
  }, [profile]);
  useEffect(() => {
    if (loggedIn) void load();
  }, [loggedIn, revision, load]);

  return { saved, loadError, load, setSaved };
}
