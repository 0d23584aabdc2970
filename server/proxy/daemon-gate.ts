// Bounds the requests doxy has outstanding at the daemon, across every proxy socket: at most `limit` wait for the
// daemon's answer at once, at most `queue` more wait for their turn, and any beyond are refused (503) at once.
// A request holds its place until the daemon's answer head arrives (or it ends): a stream (logs -f, events) or a
// hijack (attach, exec) then lives on without one, so that no number of long streams can shut out short requests.
// What a stream holds afterwards is one daemon connection for its one client connection, which each socket's
// connection limit bounds.

/** Defaults of --daemon-connections and --daemon-queue. */
export const DAEMON_DEFAULTS = { connections: 64, queue: 1024 } as const;

export interface DaemonGate {
  /** Runs `go` with a place now or later (in arrival order), or returns false when the queue is full. */
  enter(go: () => void): boolean;
  /** Gives back a place taken by `go`. */
  leave(): void;
  /** Requests waiting for the daemon's answer now, and waiting for their turn. */
  readonly inFlight: number;
  readonly queued: number;
  readonly limit: number;
  readonly queueLimit: number;
}

export function createDaemonGate(limit: number, queueLimit: number): DaemonGate {
  let inFlight = 0;
  /** Waiting requests; a ring would save the shift, but the queue is short and shift on a small array is cheap. */
  const waiting: (() => void)[] = [];
  return {
    enter(go) {
      if (inFlight < limit) {
        inFlight++;
        go();
        return true;
      }
      if (waiting.length >= queueLimit) return false;
      waiting.push(go);
      return true;
    },
    leave() {
      const next = waiting.shift();
      if (next) next();
      else inFlight--;
    },
    get inFlight() {
      return inFlight;
    },
    get queued() {
      return waiting.length;
    },
    limit,
    queueLimit,
  };
}

/** The 503 of a full queue, in Docker's shape. */
export function busyMessage(gate: DaemonGate): string {
  return `doxy: too many requests waiting for the Docker daemon (${gate.limit} in progress, ${gate.queueLimit} queued); try again later`;
}
