// The socket and profile cells both log tables show: the socket's file name (its whole path on hover) and, on a TCP
// socket, the client's address; the profile and, with mutual TLS, the client certificate's CN that chose it.
import type { LogEntry } from '../../../shared/protocol/log.ts';

export function socketName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1) || path;
}

export function SocketCells({ entry }: { entry: LogEntry }) {
  return (
    <>
      <td className="mono" title={entry.socket}>
        {entry.socket === undefined ? '—' : socketName(entry.socket)}
        {entry.client === undefined ? null : <div className="hint">from {entry.client}</div>}
      </td>
      <td className="mono">
        {entry.profile ?? '—'}
        {entry.clientCn === undefined ? null : <div className="hint">CN {entry.clientCn}</div>}
      </td>
    </>
  );
}

export function ChoiceFilter({
  label,
  value,
  choices,
  set,
}: {
  label: string;
  value: string;
  choices: readonly string[];
  set(v: string): void;
}) {
  const all = value === 'all' || choices.includes(value) ? choices : [...choices, value];
  return (
    <label>
      {label[0]?.toUpperCase()}
      {label.slice(1)}{' '}
      <select aria-label={`${label} filter`} value={value} onChange={(e) => set(e.target.value)}>
        <option value="all">all</option>
        {all.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    </label>
  );
}
