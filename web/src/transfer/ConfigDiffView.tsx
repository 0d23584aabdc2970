// What importing a whole configuration (doxy-config) changes: each profile's rules, and the sockets by path.
import type { SocketSpec } from '../../../shared/profiles/types.ts';
import type { ConfigImportResponse } from '../../../shared/protocol/transfer.ts';
import { DiffView } from './DiffView.tsx';

function SocketLine({ s }: { s: SocketSpec }) {
  return (
    <>
      <code>{s.path}</code> → profile {s.profile}, mode {s.mode}
      {s.owner ? `, owner ${s.owner}` : ''}
      {s.group ? `, group ${s.group}` : ''}
    </>
  );
}

export function ConfigDiffView({ preview }: { preview: ConfigImportResponse }) {
  const { sockets } = preview;
  const profiles = preview.profiles.filter((p) => p.change !== 'same');
  const same = preview.profiles.filter((p) => p.change === 'same');
  const socketsSame = sockets.added.length + sockets.removed.length + sockets.changed.length === 0;
  return (
    <div className="diff" aria-label="Import changes">
      <h4>Profiles</h4>
      {profiles.length === 0 && <p>No profile changes.</p>}
      <ul className="profile-changes">
        {profiles.map((p) => (
          <li key={p.name} data-profile={p.name}>
            <details open={p.change === 'changed'}>
              <summary>
                <strong>{p.name}</strong>: {p.change}
                {p.change !== 'removed'
                  ? ` (${p.diff.added.length} added, ${p.diff.removed.length} removed, ${p.diff.changed.length} changed rules)`
                  : ''}
                {p.policyChanged === true && p.change !== 'removed' ? ', and its body policy' : ''}
              </summary>
              <DiffView diff={p.diff} />
            </details>
          </li>
        ))}
      </ul>
      {same.length > 0 && <p className="hint">Unchanged: {same.map((p) => p.name).join(', ')}.</p>}
      <h4>Sockets</h4>
      {socketsSame && <p>No socket changes.</p>}
      {sockets.added.length > 0 && (
        <ul className="added">
          {sockets.added.map((s) => (
            <li key={s.path}>
              <SocketLine s={s} />
            </li>
          ))}
        </ul>
      )}
      {sockets.removed.length > 0 && (
        <ul className="removed">
          {sockets.removed.map((s) => (
            <li key={s.path}>
              <SocketLine s={s} />
            </li>
          ))}
        </ul>
      )}
      {sockets.changed.length > 0 && (
        <ul className="changed">
          {sockets.changed.map((c) => (
            <li key={c.path}>
              <code>{c.path}</code> ({c.fields.join(', ')}): <SocketLine s={c.before} /> ⇒ <SocketLine s={c.after} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
