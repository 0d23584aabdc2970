// The health file: what a running doxy serves, written at start and after every change of its sockets, so that
// `doxy --health-check` (the image's HEALTHCHECK, run without the container's flags) knows what to check.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface HealthFile {
  readonly pid: number;
  readonly dockerSocket: string;
  /** Every socket doxy is configured to serve, listening or not. */
  readonly sockets: readonly string[];
}

export function writeHealthFile(file: string, state: HealthFile): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

export function removeHealthFile(file: string): void {
  rmSync(file, { force: true });
}

/** The file's content, or why it cannot be used. */
export function readHealthFile(file: string): HealthFile | string {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT'
      ? `${file} does not exist: doxy is not running, or was started with another --health-file`
      : `${file}: ${(error as Error).message}`;
  }
  const f = json as Partial<HealthFile> | null;
  if (
    typeof f?.pid !== 'number' ||
    typeof f.dockerSocket !== 'string' ||
    !Array.isArray(f.sockets) ||
    !f.sockets.every((s) => typeof s === 'string')
  )
    return `${file} is not a doxy health file`;
  return { pid: f.pid, dockerSocket: f.dockerSocket, sockets: f.sockets };
}
