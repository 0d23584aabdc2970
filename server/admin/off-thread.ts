// Runs the admin API's checks of user input (validation, lint, loss, coverage, import parsing: off-thread-jobs.ts) on
// one worker thread, so a large or costly rule set never stalls the thread that serves the proxy sockets. Jobs run in
// order; past MAX_QUEUED waiting the API answers 503; a worker that dies fails its jobs and the next job starts another.
// The worker is started by the first job and stopped once it has had none for a while: an idle one holds a heap of
// its own (about 15-20 MiB of doxy's resident memory) that a proxy nobody is administering has no use for.
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { AdminError } from './api-error.ts';
import type { JobName, JobReply, JobRequest, Jobs } from './off-thread-jobs.ts';

/** Jobs waiting or running at most: each may take a second for the largest rule set. */
export const MAX_QUEUED = 16;
/**
 * A worker with no job for this long is stopped. Longer than the pauses of someone editing rules (each edit asks for a
 * review); the next job starts another, which takes about a quarter of a second with the bundle.
 */
export const IDLE_STOP_MS = 60_000;

export interface OffThread {
  run<K extends JobName>(job: K, ...args: Parameters<Jobs[K]>): Promise<ReturnType<Jobs[K]>>;
  /** Whether a worker thread is up now. */
  running(): boolean;
  close(): Promise<void>;
}

/**
 * The worker's file is named like this module's: off-thread-worker.js beside main.js in the bundle (see build:server),
 * off-thread-worker.ts beside this file in the sources, where the worker registers tsx before loading it.
 */
function startWorker(options: WorkerOptions): Worker {
  const ext = extname(fileURLToPath(import.meta.url));
  const entry = new URL(`./off-thread-worker${ext}`, import.meta.url);
  if (ext === '.js') return new Worker(entry, options);
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  return new Worker(
    `import(${tsx}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`,
    { ...options, eval: true },
  );
}

interface Waiting {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

function errorOf(reply: Extract<JobReply, { ok: false }>): Error {
  const { message, admin } = reply.error;
  if (!admin) return new Error(`worker thread: ${message}`);
  return new AdminError(admin.status, admin.code, message, admin.where, admin.problems);
}

export interface OffThreadOptions {
  readonly maxQueued?: number;
  /** The worker's heap limit (MiB); past it the worker dies, not doxy. Default: node's. */
  readonly heapMb?: number;
  readonly idleStopMs?: number;
}

export function startOffThread({
  maxQueued = MAX_QUEUED,
  heapMb,
  idleStopMs = IDLE_STOP_MS,
}: OffThreadOptions = {}): OffThread {
  const options: WorkerOptions = heapMb === undefined ? {} : { resourceLimits: { maxOldGenerationSizeMb: heapMb } };
  let worker: Worker | null = null;
  let lastId = 0;
  const waiting = new Map<number, Waiting>();
  let idle: NodeJS.Timeout | null = null;
  const cancelIdleStop = (): void => {
    if (idle) clearTimeout(idle);
    idle = null;
  };
  /** Stopped on purpose: forgotten first, so that its exit is not reported as a worker that died. */
  const stop = (): Promise<number> | undefined => {
    cancelIdleStop();
    const w = worker;
    worker = null;
    return w?.terminate();
  };

  const spawn = (): Worker => {
    const w = startWorker(options);
    w.on('message', (reply: JobReply) => {
      const job = waiting.get(reply.id);
      waiting.delete(reply.id);
      // Idle, it must not keep doxy running after the sockets close; and it stops if no job comes.
      if (waiting.size === 0 && worker === w) {
        w.unref();
        idle = setTimeout(() => void stop(), idleStopMs);
        idle.unref();
      }
      if (reply.ok) job?.resolve(reply.value);
      else job?.reject(errorOf(reply));
    });
    const died = (why: string): void => {
      if (worker !== w) return;
      worker = null;
      process.stderr.write(
        `doxy admin: the worker thread that checks rules stopped (${why}); the next check starts another\n`,
      );
      for (const job of waiting.values())
        job.reject(new AdminError(503, 'CHECKER_RESTARTED', 'the worker thread that checks rules stopped: try again'));
      waiting.clear();
    };
    w.on('error', (error) => died(error.message));
    w.on('exit', (code) => died(`exit code ${code}`));
    return w;
  };

  return {
    run: (job, ...args) => {
      if (waiting.size >= maxQueued)
        return Promise.reject(
          new AdminError(503, 'BUSY', `${waiting.size} checks of rules are waiting already: try again in a moment`),
        );
      cancelIdleStop();
      worker ??= spawn();
      const id = ++lastId;
      const request: JobRequest = { id, job, args };
      const w = worker;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
        w.ref();
        w.postMessage(request);
      });
    },
    running: () => worker !== null,
    close: async () => {
      await stop();
    },
  };
}
