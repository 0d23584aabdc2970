// The worker thread of off-thread.ts: runs each job it is sent, in order, and posts back its value or its error.
import { parentPort } from 'node:worker_threads';
import { AdminError } from './api-error.ts';
import { JOBS, type JobReply, type JobRequest } from './off-thread-jobs.ts';

function reply({ id, job, args }: JobRequest): JobReply {
  try {
    const run = JOBS[job] as (...a: readonly unknown[]) => unknown;
    return { id, ok: true, value: run(...args) };
  } catch (error) {
    if (error instanceof AdminError) {
      const { status, code, where, problems, message } = error;
      return { id, ok: false, error: { message, admin: { status, code, where, problems } } };
    }
    return {
      id,
      ok: false,
      error: { message: error instanceof Error ? (error.stack ?? error.message) : String(error) },
    };
  }
}

parentPort?.on('message', (request: JobRequest) => parentPort?.postMessage(reply(request)));
