// Who owns a container, network or volume, asked of the daemon (inspect, by the name or id the client gave) and never
// taken from the client. Answers are cached by full id, bounded; the daemon's event stream evicts what is destroyed,
// and while that stream is down (events may be missed) the cache is emptied and not used.
import { request, type IncomingMessage } from 'node:http';
import { OWNER_LABEL, type OwnedObject } from '../../shared/scope/owner-label.ts';

export type Ownership =
  /** The object exists: its full id (a volume's is its name) and the profile in its owner label ('' for none). */
  | { readonly found: true; readonly id: string; readonly owner: string }
  /** The daemon has no such object: its own answer, relayed as it is. */
  | { readonly found: false; readonly status: number; readonly message: string };

/** An exec instance: its full id and the container it runs in, or the daemon's own answer when there is none. */
export type ExecOf =
  | { readonly found: true; readonly id: string; readonly container: string }
  | { readonly found: false; readonly status: number; readonly message: string };

export interface Owners {
  lookup(object: OwnedObject, ref: string): Promise<Ownership>;
  /** The container of an exec instance, asked of the daemon each time (an exec lives briefly: nothing is cached). */
  execOf(ref: string): Promise<ExecOf>;
  /** Stops watching events. */
  close(): void;
}

/** Entries kept: each is a few hundred bytes; the oldest goes first. */
export const MAX_CACHED_OWNERS = 10_000;
const FULL_ID = /^[0-9a-f]{64}$/;
const RECONNECT_MS = 1_000;

const INSPECT: Record<OwnedObject, string> = {
  container: '/containers/%/json',
  network: '/networks/%',
  volume: '/volumes/%',
};

interface Inspected {
  readonly Id?: string;
  readonly Name?: string;
  readonly Labels?: Record<string, string> | null;
  readonly Config?: { readonly Labels?: Record<string, string> | null };
}

function get(dockerSocket: string, path: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: dockerSocket, path, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function messageOf(text: string): string {
  try {
    const m = (JSON.parse(text) as { message?: unknown }).message;
    return typeof m === 'string' ? m : text.trim();
  } catch {
    return text.trim();
  }
}

/** Watches the daemon at `dockerSocket` for destroyed objects from the first lookup on; close() stops. */
export function createOwners(dockerSocket: string): Owners {
  const cache = new Map<string, string>();
  let watching = false;
  let closed = false;
  let events: IncomingMessage | null = null;
  let timer: NodeJS.Timeout | null = null;
  let started = false;

  const key = (object: OwnedObject, id: string): string => `${object}:${id}`;
  const forget = (): void => {
    watching = false;
    cache.clear();
    events = null;
    if (!closed) timer = setTimeout(watch, RECONNECT_MS).unref();
  };
  function watch(): void {
    timer = null;
    const filters = encodeURIComponent(
      JSON.stringify({ type: { container: true, network: true, volume: true }, event: { destroy: true } }),
    );
    const req = request({ socketPath: dockerSocket, path: `/events?filters=${filters}`, method: 'GET' }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        forget();
        return;
      }
      events = res;
      watching = true;
      let buffered = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffered += chunk;
        let nl;
        while ((nl = buffered.indexOf('\n')) !== -1) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          try {
            const e = JSON.parse(line) as { Type?: string; Actor?: { ID?: string } };
            if (e.Type && e.Actor?.ID) cache.delete(`${e.Type}:${e.Actor.ID}`);
          } catch {
            cache.clear();
          }
        }
      });
      res.on('end', forget);
      res.on('error', forget);
    });
    req.on('error', forget);
    // Watching never keeps doxy running by itself.
    req.on('socket', (socket) => socket.unref());
    req.end();
  }
  return {
    async lookup(object, ref) {
      if (!started) {
        started = true;
        watch();
      }
      if (watching && FULL_ID.test(ref)) {
        const owner = cache.get(key(object, ref));
        if (owner !== undefined) return { found: true, id: ref, owner };
      }
      const r = await get(dockerSocket, INSPECT[object].replace('%', encodeURIComponent(ref)));
      if (r.status !== 200) return { found: false, status: r.status, message: messageOf(r.text) };
      const inspected = JSON.parse(r.text) as Inspected;
      const id = object === 'volume' ? (inspected.Name ?? '') : (inspected.Id ?? '');
      const labels = (object === 'container' ? inspected.Config?.Labels : inspected.Labels) ?? {};
      const owner = labels[OWNER_LABEL] ?? '';
      if (watching && id !== '') {
        if (cache.size >= MAX_CACHED_OWNERS) cache.delete(cache.keys().next().value ?? '');
        cache.set(key(object, id), owner);
      }
      return { found: true, id, owner };
    },
    async execOf(ref) {
      const r = await get(dockerSocket, `/exec/${encodeURIComponent(ref)}/json`);
      if (r.status !== 200) return { found: false, status: r.status, message: messageOf(r.text) };
      const inspected = JSON.parse(r.text) as { ID?: string; ContainerID?: string };
      return { found: true, id: inspected.ID ?? '', container: inspected.ContainerID ?? '' };
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      events?.destroy();
    },
  };
}

/** What the daemon answers for a missing exec instance: a scoped profile is told the same of another profile's. */
export function noSuchExecMessage(ref: string): string {
  return `No such exec instance: ${ref}`;
}

/** What the daemon answers for a missing object: a scoped profile is told the same of one it does not own. */
export function notFoundMessage(object: OwnedObject, ref: string): string {
  switch (object) {
    case 'container':
      return `No such container: ${ref}`;
    case 'network':
      return `network ${ref} not found`;
    case 'volume':
      return `get ${ref}: no such volume`;
  }
}
