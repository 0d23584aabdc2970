// Owner and group of a socket file: names or numeric ids, resolved from /etc/passwd and /etc/group; only root may set them.
import { readFileSync } from 'node:fs';
import type { SocketSpec } from '../../shared/profiles/types.ts';

function lookup(file: string, name: string): number | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  for (const line of text.split('\n')) {
    const [entry, , id] = line.split(':');
    if (entry === name && id !== undefined && /^\d+$/.test(id)) return Number(id);
  }
  return null;
}

function resolveId(kind: 'owner' | 'group', value: string): number {
  if (/^\d+$/.test(value)) return Number(value);
  const id = lookup(kind === 'owner' ? '/etc/passwd' : '/etc/group', value);
  if (id === null) throw new Error(`${kind} "${value}": no such ${kind === 'owner' ? 'user' : 'group'}`);
  return id;
}

/** Why the spec's owner or group cannot be applied here (not root, unknown name), or null. */
export function ownershipProblem(spec: SocketSpec): { key: 'owner' | 'group'; message: string } | null {
  for (const key of ['owner', 'group'] as const) {
    const value = spec[key];
    if (value === undefined) continue;
    if (process.getuid?.() !== 0)
      return {
        key,
        message: `${key} "${value}" needs doxy to run as root (it runs as uid ${process.getuid?.() ?? '?'})`,
      };
    try {
      resolveId(key, value);
    } catch (error) {
      return { key, message: (error as Error).message };
    }
  }
  return null;
}

/**
 * The owner and group to give the socket file; as root, one not given goes back to doxy's own (so removing it takes
 * effect); null when doxy is not root (and the spec names neither). Throws what ownershipProblem names.
 */
export function ownershipIds(spec: SocketSpec): { uid: number; gid: number } | null {
  const problem = ownershipProblem(spec);
  if (problem) throw new Error(problem.message);
  if (process.getuid?.() !== 0) return null;
  const uid = spec.owner === undefined ? process.getuid() : resolveId('owner', spec.owner);
  const gid = spec.group === undefined ? (process.getgid?.() ?? 0) : resolveId('group', spec.group);
  return { uid, gid };
}
