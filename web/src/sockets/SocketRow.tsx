// One socket in the list: its path, the profile it is bound to, mode, owner and group (a unix socket) or its guard
// (a TCP socket: allow-from, TLS, client certificates), and whether it listens.
import type { ReactNode } from 'react';
import { isTcpPath } from '../../../shared/profiles/tcp-socket.ts';
import type { SocketState } from '../../../shared/protocol/sockets.ts';
import { FieldError } from './FieldError.tsx';
import { TcpOptions } from './TcpOptions.tsx';
import type { SocketField } from './socket-errors.ts';
import type { DraftSocket } from './use-sockets.ts';

/** A flag's name in one piece: its hyphens are not places to break a line. */
const SOURCE_LABEL: Record<SocketState['source'], ReactNode> = {
  'proxy-socket': <code className="flag">--proxy-socket</code>,
  flag: (
    <>
      <code className="flag">--socket</code> flag
    </>
  ),
  store: 'added here',
};

interface Props {
  readonly row: DraftSocket;
  /** What the server last said about this path; undefined for a row not saved yet. */
  readonly state: SocketState | undefined;
  readonly profiles: readonly string[];
  readonly errors: ReadonlyMap<SocketField | '', string> | undefined;
  change(patch: Partial<DraftSocket['spec']>, field: SocketField): void;
  remove(): void;
}

export function SocketRow({ row, state, profiles, errors, change, remove }: Props) {
  const { spec } = row;
  const name = spec.path || 'new socket';
  // The --proxy-socket's profile and mode come from the command line.
  const fixed = state?.source === 'proxy-socket';
  const fixedTitle = fixed ? 'set on the command line (--proxy-socket, --socket-mode)' : undefined;
  const input = (field: 'mode' | 'owner' | 'group', size: number, placeholder: string) => (
    <>
      <input
        aria-label={`${field} of ${name}`}
        className="mono"
        size={size}
        disabled={fixed}
        title={fixedTitle}
        placeholder={placeholder}
        value={spec[field] ?? ''}
        aria-invalid={errors?.has(field) === true}
        onChange={(e) =>
          change({ [field]: e.target.value === '' && field !== 'mode' ? undefined : e.target.value }, field)
        }
      />
      <FieldError text={errors?.get(field)} />
    </>
  );
  return (
    <tr data-socket={spec.path} className={row.fresh ? 'unsaved' : ''}>
      <td>
        {row.fresh ? (
          <input
            aria-label="Path of the new socket"
            autoFocus
            className="mono path-input"
            placeholder="/run/doxy/agent.sock or tcp://127.0.0.1:2375"
            value={spec.path}
            aria-invalid={errors?.has('path') === true}
            onChange={(e) => change({ path: e.target.value }, 'path')}
          />
        ) : (
          <code>{spec.path}</code>
        )}
        <FieldError text={errors?.get('path')} />
        <FieldError text={errors?.get('')} />
      </td>
      <td>
        <select
          aria-label={`profile of ${name}`}
          disabled={fixed}
          title={fixedTitle}
          value={spec.profile}
          aria-invalid={errors?.has('profile') === true}
          onChange={(e) => change({ profile: e.target.value }, 'profile')}
        >
          {profiles.includes(spec.profile) ? null : <option value={spec.profile}>{spec.profile} (missing)</option>}
          {profiles.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
        <FieldError text={errors?.get('profile')} />
      </td>
      {isTcpPath(spec.path) ? (
        <td colSpan={3}>
          <TcpOptions spec={spec} name={name} profiles={profiles} errors={errors} change={change} />
        </td>
      ) : (
        <>
          <td>{input('mode', 4, '660')}</td>
          <td>{input('owner', 10, 'unchanged')}</td>
          <td>{input('group', 10, 'unchanged')}</td>
        </>
      )}
      <td>{row.fresh ? 'new' : state ? SOURCE_LABEL[state.source] : ''}</td>
      <td className="socket-status">
        {row.fresh ? (
          <span className="hint">not saved yet</span>
        ) : state?.listening ? (
          <span className="badge allow">listening</span>
        ) : state?.error ? (
          <>
            <span className="badge deny">not listening</span>
            <div className="socket-error">{state.error}</div>
          </>
        ) : (
          <span className="badge refuse">starting…</span>
        )}
      </td>
      <td>
        {state?.source === 'proxy-socket' ? (
          <span className="hint" title="Change it with --proxy-socket">
            command line
          </span>
        ) : (
          <button type="button" className="danger small" aria-label={`remove ${name}`} onClick={remove}>
            Remove
          </button>
        )}
      </td>
    </tr>
  );
}
