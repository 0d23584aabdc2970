// --socket flags at start: each socket is put into the configuration (replacing a stored one on the same path), and a
// profile it names that does not exist is made from the preset of that id; anything else stops the start (exit 2).
import { findProfile, profilesNamedBy, type Configuration } from '../../shared/profiles/configuration.ts';
import { PRESETS, presetProfile } from '../../shared/presets/presets.ts';
import { BootError, EXIT } from '../boot-errors.ts';
import type { SocketFlag } from '../config.ts';
import { ownershipProblem } from './ownership.ts';

export function withSocketFlags(config: Configuration, flags: readonly SocketFlag[]): Configuration {
  let { profiles, sockets } = config;
  for (const { spec, source } of flags) {
    const problem = ownershipProblem(spec);
    if (problem) throw new BootError(EXIT.config, `${source}: ${spec.path}: ${problem.message}`);
    // The socket's own profile and those of its client-certificate map.
    for (const { name } of profilesNamedBy(spec, '')) {
      if (findProfile({ profiles, sockets }, name)) continue;
      const preset = PRESETS.find((p) => p.id === name);
      if (!preset)
        throw new BootError(
          EXIT.config,
          `${source}: ${spec.path}=${spec.profile}: there is no profile or preset "${name}" (presets: ${PRESETS.map((p) => p.id).join(', ')})`,
        );
      profiles = [...profiles, presetProfile(preset, name)];
    }
    const at = sockets.findIndex((s) => s.path === spec.path);
    sockets = at === -1 ? [...sockets, spec] : sockets.map((s, i) => (i === at ? spec : s));
  }
  return { profiles, sockets };
}
