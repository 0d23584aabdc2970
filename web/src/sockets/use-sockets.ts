// The socket list being edited: the saved state, the draft rows on top of it, saving the whole list with basedOn.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { SocketSpec } from '../../../shared/profiles/types.ts';
import type { SocketState, SocketsResponse } from '../../../shared/protocol/sockets.ts';
import { api, ApiFailure } from '../api/client.ts';
import { NO_ERRORS, placeErrors, type PlacedErrors, type SocketField } from './socket-errors.ts';

/** A row of the draft: `key` keeps React rows stable while paths are typed; `fresh` rows are not saved yet. */
export interface DraftSocket {
  readonly key: string;
  readonly spec: SocketSpec;
  readonly fresh: boolean;
}

/** Listening state is checked again this often after a save, while a socket has neither come up nor failed. */
const SETTLE_MS = 1000;
const SETTLE_TRIES = 8;

let nextKey = 0;
const rowsOf = (state: SocketsResponse): DraftSocket[] =>
  state.sockets.map((s) => ({ key: `k${nextKey++}`, spec: specOf(s), fresh: false }));

/** The spec without the state fields (every field of the spec kept: a field the app does not show is not lost). */
function specOf(s: SocketSpec | SocketState): SocketSpec {
  const { source: _source, listening: _listening, error: _error, ...spec } = s as SocketState;
  return spec;
}

const same = (rows: readonly DraftSocket[], state: SocketsResponse): boolean =>
  JSON.stringify(rows.map((r) => specOf(r.spec))) === JSON.stringify(state.sockets.map(specOf));

/** What a save says: success only when every socket listens (the answer comes once they started or failed). */
export interface SaveNotice {
  readonly ok: boolean;
  readonly text: string;
}

function saveNotice(state: SocketsResponse): SaveNotice {
  const down = state.sockets.filter((s) => !s.listening);
  if (down.length === 0)
    return { ok: true, text: `Saved as revision ${state.revision}: the sockets changed without a restart.` };
  const why = down
    .map(
      (s) =>
        `socket ${s.path} is not listening: ${(s.error ?? 'not started').replace(`cannot listen on ${s.path}: `, '')}`,
    )
    .join('; ');
  return { ok: false, text: `Saved as revision ${state.revision}, but ${why}.` };
}

export function useSockets(revision: number) {
  const [saved, setSaved] = useState<SocketsResponse | null>(null);
  const [rows, setRows] = useState<readonly DraftSocket[]>([]);
  const [errors, setErrors] = useState<PlacedErrors>(NO_ERRORS);
  const [conflict, setConflict] = useState<number | null>(null);
  const [notice, setNotice] = useState<SaveNotice | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const dirty = saved !== null && !same(rows, saved);

  const load = useCallback(async (keepDraft: boolean): Promise<SocketsResponse | null> => {
    try {
      const state = await api.sockets();
      setSaved(state);
      if (!keepDraft) setRows(rowsOf(state));
      setLoadError(null);
      return state;
    } catch (e) {
      setLoadError(e instanceof ApiFailure ? e.message : String(e));
      return null;
    }
  }, []);

  // A new revision elsewhere: show it, without throwing edits away (a ref: each edit must not reload).
  const dirtyNow = useRef(dirty);
  dirtyNow.current = dirty;
  useEffect(() => {
    void load(dirtyNow.current);
  }, [revision, load]);

  // Sockets start listening just after a save: look again until each is listening or has an error.
  useEffect(() => {
    if (!saved || dirty || saved.sockets.every((s) => s.listening || s.error !== null)) return undefined;
    let tries = 0;
    const timer = setInterval(() => {
      if (++tries > SETTLE_TRIES) clearInterval(timer);
      else void load(false);
    }, SETTLE_MS);
    return () => clearInterval(timer);
  }, [saved, dirty, load]);

  const put = async (basedOn: number): Promise<void> => {
    setBusy(true);
    setNotice(null);
    setErrors(NO_ERRORS);
    try {
      const state = await api.saveSockets({ basedOn, sockets: rows.map((r) => specOf(r.spec)) });
      setSaved(state);
      setRows(rowsOf(state));
      setConflict(null);
      setNotice(saveNotice(state));
    } catch (e) {
      const failure = e instanceof ApiFailure ? e : new ApiFailure(0, 'ERROR', String(e));
      if (failure.status === 409) {
        const latest = await load(true);
        setConflict(latest?.revision ?? basedOn);
      } else {
        setErrors(placeErrors(failure));
      }
    } finally {
      setBusy(false);
    }
  };

  // Stable, so that the Sockets screen can add a row from an effect.
  const add = useCallback(
    (spec: SocketSpec) => setRows((r) => [...r, { key: `k${nextKey++}`, spec, fresh: true }]),
    [],
  );
  return {
    saved,
    rows,
    dirty,
    errors,
    conflict,
    notice,
    loadError,
    busy,
    setRows: (next: readonly DraftSocket[]) => {
      setRows(next);
      setNotice(null);
    },
    remove: (index: number) => {
      setRows((r) => r.filter((_, k) => k !== index));
      setErrors(NO_ERRORS);
      setNotice(null);
    },
    add,
    save: () => put(saved?.revision ?? 0),
    saveOver: () => put(conflict ?? saved?.revision ?? 0),
    discard: async () => {
      setConflict(null);
      setErrors(NO_ERRORS);
      setNotice(null);
      await load(false);
    },
    clearError: (index: number, field: SocketField) =>
      setErrors((e) => {
        const row = e.rows.get(index);
        if (!row?.has(field)) return e;
        const rowsNext = new Map(e.rows);
        const fields = new Map(row);
        fields.delete(field);
        rowsNext.set(index, fields);
        return { ...e, rows: rowsNext };
      }),
  };
}

export type SocketsModel = ReturnType<typeof useSockets>;
