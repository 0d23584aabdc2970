// Preloaded into doxy by `npm run bench -- --profile DIR` (NODE_OPTIONS=--import, where --cpu-prof is not allowed):
// samples the main thread of doxy (or of the bare forwarder) with the inspector and writes
// DIR/<BENCH_PROFILE_NAME or doxy>-<pid>.cpuprofile when the process exits.
import { writeFileSync, mkdirSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import process from 'node:process';

const dir = process.env.BENCH_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.start');
  process.on('exit', () => {
    // The inspector answers a same-thread session synchronously, so this runs before the process is gone.
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, `${process.env.BENCH_PROFILE_NAME ?? 'doxy'}-${process.pid}.cpuprofile`),
        JSON.stringify(result.profile),
      );
    });
  });
}
