// `npm start` runs this before the server: it rebuilds the server bundle or the web app only when a source is newer
// than what was built, so that a start with nothing changed costs no build. Plain JavaScript: it runs before any build.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

/** The newest modification time under `paths` (files or folders), skipping `skip` folders. */
function newest(paths, skip = new Set()) {
  let latest = 0;
  const walk = (p) => {
    if (!existsSync(p) || skip.has(p)) return;
    const s = statSync(p);
    if (s.isDirectory()) for (const name of readdirSync(p)) walk(join(p, name));
    else latest = Math.max(latest, s.mtimeMs);
  };
  for (const p of paths) walk(join(root, p));
  return latest;
}

const common = ['shared', 'package.json', 'package-lock.json'];
const targets = [
  {
    script: 'build:server',
    outputs: ['dist/server/main.js', 'dist/server/off-thread-worker.js'],
    inputs: ['server', ...common],
  },
  {
    script: 'build:web',
    outputs: ['web/dist/index.html'],
    inputs: ['web', ...common],
    skip: new Set([join(root, 'web', 'dist')]),
  },
];
for (const t of targets) {
  const since = newest(t.inputs, t.skip);
  const fresh = (output) => existsSync(join(root, output)) && statSync(join(root, output)).mtimeMs >= since;
  if (t.outputs.every(fresh)) continue;
  execFileSync('npm', ['run', '--silent', t.script], { cwd: root, stdio: 'inherit' });
}
