// Every profile with its sockets, loaded once logged in and again whenever a new revision is announced.
import { useCallback, useEffect, useState } from 'react';
import type { ProfilesResponse } from '../../../shared/protocol/profiles.ts';
import { api } from '../api/client.ts';

export interface ProfilesModel {
  readonly list: ProfilesResponse | null;
  refresh(): Promise<ProfilesResponse | null>;
}

export function useProfiles(loggedIn: boolean, revision: number | undefined): ProfilesModel {
  const [list, setList] = useState<ProfilesResponse | null>(null);
  const refresh = useCallback(async () => {
    try {
      const next = await api.profiles();
      setList(next);
      return next;
    } catch {
      return null; /* the rules screen already says when doxy is unreachable */
    }
  }, []);
  useEffect(() => {
    if (loggedIn) void refresh();
  }, [loggedIn, revision, refresh]);
  return { list, refresh };
}
