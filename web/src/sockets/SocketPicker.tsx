// Chooses one socket for the screens that show one (learn mode, stats); '' stands for the --proxy-socket, the server's default.
import { useEffect, useState } from 'react';
import type { SocketState } from '../../../shared/protocol/sockets.ts';
import { api } from '../api/client.ts';

interface Props {
  readonly value: string;
  readonly revision: number;
  choose(path: string): void;
}

export function SocketPicker({ value, revision, choose }: Props) {
  const [sockets, setSockets] = useState<readonly SocketState[]>([]);
  useEffect(() => {
    api.sockets().then(
      (s) => setSockets(s.sockets),
      () => setSockets([]),
    );
  }, [revision]);
  return (
    <label className="socket-picker">
      Socket{' '}
      <select aria-label="Socket" value={value} onChange={(e) => choose(e.target.value)}>
        {sockets.length === 0 && <option value="">the proxy socket</option>}
        {sockets.map((s) => (
          <option key={s.path} value={s.source === 'proxy-socket' ? '' : s.path}>
            {s.path} ({s.profile})
          </option>
        ))}
      </select>
    </label>
  );
}
