// The Sockets screen: every filtered socket, the profile it serves, its mode and owner; add, rebind, remove, and save the list.
import { useEffect } from 'react';
import { DEFAULT_PROFILE } from '../api/client.ts';
import { SocketRow } from './SocketRow.tsx';
import { useSockets } from './use-sockets.ts';
import './sockets.css';

export function Sockets({ revision, profiles }: { revision: number; profiles: readonly string[] }) {
  const m = useSockets(revision);
  const states = new Map((m.saved?.sockets ?? []).map((s) => [s.path, s]));
  const names = profiles.length > 0 ? profiles : [DEFAULT_PROFILE];
  // "Bind a socket to it" (Presets) opens #/sockets?bind=NAME: a new row for that profile waits for its path, once.
  const loaded = m.saved !== null;
  const { add } = m;
  useEffect(() => {
    if (!loaded) return;
    const bind = new URLSearchParams(window.location.hash.split('?')[1] ?? '').get('bind');
    if (bind === null) return;
    window.history.replaceState(null, '', '#/sockets');
    add({ path: '', profile: bind, mode: '660' });
  }, [loaded, add]);
  return (
    <section aria-label="Sockets">
      <div className="section-head">
        <h2>Sockets</h2>
        <button
          type="button"
          className="primary"
          onClick={() => m.add({ path: '', profile: DEFAULT_PROFILE, mode: '660' })}
        >
          Add socket
        </button>
      </div>
      <p className="hint">
        Each filtered socket serves one profile's rules. Give each agent its own socket. Changes apply without a
        restart, and live streams on the other sockets go on. Owner and group (a name or a numeric id) need doxy to run
        as root. A path <code>tcp://HOST:PORT</code> makes a TCP socket: list its clients in allow-from (addresses, CIDR
        blocks or host names), or give it TLS files and a client CA; one other machines can reach needs one or the
        other. With a client CA, each client certificate's common name can choose its own profile.
      </p>
      {m.loadError && (
        <p className="error-box" role="alert">
          Cannot load the sockets: {m.loadError}
        </p>
      )}
      {m.errors.general.length > 0 && (
        <div className="error-box" role="alert">
          <p>
            <strong>Not saved.</strong> Nothing changed.
          </p>
          {m.errors.general.map((g) => (
            <p key={g}>{g}</p>
          ))}
        </div>
      )}
      {m.errors.rows.size > 0 && m.errors.general.length === 0 && (
        <p className="error-box" role="alert">
          <strong>Not saved.</strong> Nothing changed: see the marked fields.
        </p>
      )}
      {m.conflict !== null && (
        <div className="bar conflict" role="alert">
          <span>
            Revision {m.conflict} was saved after the one your edits are based on. Nothing of yours was saved, and your
            edits are still here.
          </span>
          <button type="button" className="primary" disabled={m.busy} onClick={() => void m.saveOver()}>
            Save mine over revision {m.conflict}
          </button>
          <button type="button" disabled={m.busy} onClick={() => void m.discard()}>
            Discard mine
          </button>
        </div>
      )}
      {m.conflict === null && m.dirty && (
        <div className="bar dirty">
          <span>
            Unsaved changes to the sockets (revision {m.saved?.revision}). Nothing listens or moves until you save.
          </span>
          <button type="button" className="primary" disabled={m.busy} onClick={() => void m.save()}>
            {m.busy ? 'Saving…' : 'Save sockets'}
          </button>
          <button type="button" disabled={m.busy} onClick={() => void m.discard()}>
            Discard
          </button>
        </div>
      )}
      {m.notice && !m.dirty && (
        <p className={m.notice.ok ? 'bar ok' : 'bar error'} role={m.notice.ok ? 'status' : 'alert'}>
          {m.notice.text}
        </p>
      )}
      <table className="sockets" aria-label="Sockets">
        <thead>
          <tr>
            <th>Path</th>
            <th>Profile</th>
            <th>Mode</th>
            <th>Owner</th>
            <th>Group</th>
            <th>Source</th>
            <th>Status</th>
            <th aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {m.rows.map((row, i) => (
            <SocketRow
              key={row.key}
              row={row}
              state={row.fresh ? undefined : states.get(row.spec.path)}
              profiles={names}
              errors={m.errors.rows.get(i)}
              change={(patch, field) => {
                m.setRows(m.rows.map((r, k) => (k === i ? { ...r, spec: { ...r.spec, ...patch } } : r)));
                m.clearError(i, field);
              }}
              remove={() => m.remove(i)}
            />
          ))}
          {m.rows.length === 0 && (
            <tr>
              <td colSpan={8} className="empty">
                No sockets: nothing can reach the Docker daemon through doxy.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}
