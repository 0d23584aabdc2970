// Profile names: short, file-name-safe words, so that they read the same in flags, URLs, logs and metrics labels.

export const DEFAULT_PROFILE = 'default';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Why `name` cannot name a profile, or null when it can. */
export function profileNameProblem(name: string): string | null {
  return NAME.test(name)
    ? null
    : `profile name "${name.slice(0, 80)}" must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit`;
}
