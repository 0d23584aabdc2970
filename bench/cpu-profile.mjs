// Preloaded into doxy by `npm run bench -- --profile DIR` (NODE_OPTIONS=--import, where --cpu-prof is not allowed):
// samples the main thread of doxy (or of the bare forwarder) with the inspector and writes
// DIR/<BENCH_PROFILE_NAME or doxy>-<pid>.cpuprofile when the process exits.
// With BENCH_PROFILE_ON_SIGNAL=1 (`--profile-rows`) it samples only between two SIGUSR2s instead, so that one profile
// covers one workload and not the start-up's module loading: the first starts the profiler, the second stops it and
// writes DIR/<name>-<pid>-<n>.cpuprofile (n counts from 1), whole (written aside, then renamed) when the bench sees it.
import { writeFileSync, mkdirSync, renameSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import process from 'node:process';
import { isMainThread } from 'node:worker_threads';

const dir = process.env.BENCH_PROFILE_DIR;
const name = process.env.BENCH_PROFILE_NAME ?? 'doxy';
// A worker thread (doxy's off-thread worker) gets this preload too: its session would sample the worker only.
if (dir && isMainThread) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  // The inspector answers a same-thread session synchronously, so the profile is written before the handler returns.
  const stop = (file) =>
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      mkdirSync(dir, { recursive: true });
      writeFileSync(`${file}.part`, JSON.stringify(result.profile));
      renameSync(`${file}.part`, file);
    });
  if (process.env.BENCH_PROFILE_ON_SIGNAL === '1') {
    let running = false;
    let n = 0;
    process.on('SIGUSR2', () => {
      if (running) stop(join(dir, `${name}-${process.pid}-${++n}.cpuprofile`));
      else session.post('Profiler.start');
      running = !running;
    });
  } else {
    session.post('Profiler.start');
    process.on('exit', () => stop(join(dir, `${name}-${process.pid}.cpuprofile`)));
  }
}
