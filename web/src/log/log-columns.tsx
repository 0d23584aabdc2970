// The socket and profile cells both log tables show: the socket's file name (its whole path on hover), and the profile.
import type { LogEntry } from '../../../shared/protocol/log.ts';

export function socketName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1) || path;
}

export function SocketCells({ entry }: { entry: LogEntry }) {
  return (
    <>
      <td className="mono" title={entry.socket}>
        {entry.socket === undefined ? '—' : socketName(entry.socket)}
      </td>
      <td className="mono">{entry.profile ?? '—'}</td>
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
