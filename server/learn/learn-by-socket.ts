// One learn mode per socket: learning on one socket forwards what its own profile denies, never on another.
import { createLearnMode, type LearnMode } from './learn-mode.ts';

export type LearnBySocket = (path: string) => LearnMode;

/**
 * `primary` is the --proxy-socket's (started by --learn); the others are made when first asked for, and handed to
 * `made` (main announces each on stdout: the socket is open while it learns).
 */
export function createLearnBySocket(
  primaryPath: string,
  primary: LearnMode,
  made: (path: string, mode: LearnMode) => void = () => undefined,
): LearnBySocket {
  const modes = new Map<string, LearnMode>([[primaryPath, primary]]);
  return (path) => {
    let mode = modes.get(path);
    if (!mode) {
      mode = createLearnMode();
      modes.set(path, mode);
      made(path, mode);
    }
    return mode;
  };
}
