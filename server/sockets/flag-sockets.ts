// --socket flags at start: each socket is put into the configuration (replacing a stored one on the same path), and a
// profile it names that does not exist is made from the preset of that id, or of its from=PRESET (so that two sockets
// can hold two profiles made from one preset); anything else stops the start (exit 2).
import { findProfile, profilesNamedBy, type Configuration } from '../../shared/profiles/configuration.ts';
import { PRESETS, presetProfile } from '../../shared/presets/presets.ts';
import { BootError, EXIT } from '../boot-errors.ts';
import type { SocketFlag } from '../config.ts';
import { ownershipProblem } from './ownership.ts';

export function withSocketFlags(config: Configuration, flags: readonly SocketFlag[]): Configuration {
  let { profiles, sockets } = config;
  for (const { spec, source, from } of flags) {
    const problem = ownershipProblem(spec);
    if (problem) throw new BootError(EXIT.config, `${source}: ${spec.path}: ${problem.message}`);
    // The socket's own profile and those of its client-certificate map.
    for (const { name } of profilesNamedBy(spec, '')) {
      if (findProfile({ profiles, sockets }, name)) continue;
      // from= makes the socket's own profile; a client-certificate map's profiles are presets by name.
      const id = name === spec.profile ? (from ?? name) : name;
      const preset = PRESETS.find((p) => p.id === id);
      if (!preset)
        throw new BootError(
          EXIT.config,
          `${source}: ${spec.path}=${spec.profile}: there is no profile${id === name ? ' or preset' : ''} "${name}"${id === name ? '' : ` and no preset "${id}"`} (presets: ${PRESETS.map((p) => p.id).join(', ')})`,
        );
      profiles = [...profiles, presetProfile(preset, name)];
    }
    const at = sockets.findIndex((s) => s.path === spec.path);
    sockets = at === -1 ? [...sockets, spec] : sockets.map((s, i) => (i === at ? spec : s));
  }
  return { profiles, sockets };
}
