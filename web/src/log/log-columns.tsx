// The cells both log tables show: the socket's file name (its whole path on hover) and, on a TCP socket, the client's
// address; the profile and, with mutual TLS, the client certificate's CN that chose it; the request and its decision; and
// the choosers both screens filter by.
import type { LogEntry, Verdict } from '../../../shared/protocol/log.ts';
import { METHODS } from '../../../shared/rules/types.ts';

const LABEL = { allow: 'allowed', deny: 'denied', refuse: 'refused' } as const;

/** The rule column: the deciding rule, "default deny" when none matched (not the profile `default`), — when refused. */
export function ruleText(entry: LogEntry): string {
  return entry.ruleId ?? (entry.verdict === 'refuse' ? '—' : 'default deny');
}

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

/** The decision chooser of both log screens; `all` lets every decision through. */
export function VerdictSelect({
  label,
  name,
  value,
  set,
}: {
  label: string;
  name: string;
  value: Verdict | 'all';
  set(v: Verdict | 'all'): void;
}) {
  return (
    <label>
      {label}{' '}
      <select aria-label={name} value={value} onChange={(e) => set(e.target.value as Verdict | 'all')}>
        <option value="all">all</option>
        <option value="allow">{LABEL.allow}</option>
        <option value="deny">{LABEL.deny}</option>
        <option value="refuse">{LABEL.refuse}</option>
      </select>
    </label>
  );
}

/** The method chooser of both log screens. */
export function MethodSelect({ name, value, set }: { name: string; value: string; set(v: string): void }) {
  return (
    <label>
      Method{' '}
      <select aria-label={name} value={value} onChange={(e) => set(e.target.value)}>
        <option value="all">all</option>
        {METHODS.map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </select>
    </label>
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

/** Method, path (wrapping; in full with the reason on hover), status, decision, rule, duration and bytes. */
export function RequestCells({ entry }: { entry: LogEntry }) {
  return (
    <>
      <td className="mono">{entry.method}</td>
      <td className="mono path" title={entry.reason ? `${entry.path}\n${entry.reason}` : entry.path}>
        {entry.path}
      </td>
      <td className="num">{entry.status}</td>
      <td>
        <span
          className={`badge ${entry.wouldDeny ? 'would-deny' : entry.verdict}`}
          title={entry.wouldDeny ? 'denied by the rules, forwarded in learn mode' : undefined}
        >
          {entry.wouldDeny ? 'would deny' : LABEL[entry.verdict]}
        </span>
      </td>
      <td className="mono">{ruleText(entry)}</td>
      <td className="num">{entry.durationMs.toFixed(1)} ms</td>
      <td className="num">{entry.bytes}</td>
    </>
  );
}

/** The last cell: "Allow this" on a denied request; its button keeps to the row's line height, so rows stay even. */
export function AllowCell({ entry, onAllow }: { entry: LogEntry; onAllow(e: LogEntry): void }) {
  return (
    <td className="allow-cell">
      {entry.verdict === 'deny' && (
        <button type="button" className="small" onClick={() => onAllow(entry)}>
          Allow this
        </button>
      )}
    </td>
  );
}

/** The header both tables share. */
export function LogHead() {
  return (
    <thead>
      <tr>
        {['Time', 'Socket', 'Profile', 'Method', 'Path', 'Status', 'Decision', 'Rule', 'Duration', 'Bytes'].map((h) => (
          <th key={h}>{h}</th>
        ))}
        <th aria-label="Actions" />
      </tr>
    </thead>
  );
}
