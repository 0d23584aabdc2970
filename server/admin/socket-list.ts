// Checks a list of sockets sent to PUT /api/sockets or imported: each spec, no path twice, every profile known, owner
// and group only as root; the --proxy-socket may appear unchanged (it is the command line's) and is left out.
import { z } from 'zod';
import {
  normalizeSocket,
  profilesNamedBy,
  socketProblems,
  socketSpecSchema,
} from '../../shared/profiles/configuration.ts';
import type { Profile, SocketSpec } from '../../shared/profiles/types.ts';
import { zodProblems } from '../../shared/rules/ruleset-json.ts';
import type { Problem } from '../../shared/rules/types.ts';
import { DEFAULT_PROFILE } from '../../shared/profiles/names.ts';
import { ownershipProblem } from '../sockets/ownership.ts';
import type { SocketManager } from '../sockets/socket-manager.ts';
import { invalid } from './api-error.ts';

/** What GET /api/sockets answers may be sent back as it is: its state fields are ignored. */
const STATE_KEYS = ['source', 'listening', 'error'];
const listSchema = z.array(z.unknown()).max(256);

export function checkSocketList(
  input: unknown,
  profiles: readonly Profile[],
  proxy: SocketSpec,
  base = '/sockets',
): SocketSpec[] {
  const list = listSchema.safeParse(input);
  if (!list.success) throw invalid('INVALID_SOCKETS', zodProblems(list.error, base));
  const problems: Problem[] = [];
  const names = new Set(profiles.map((p) => p.name));
  const paths = new Set<string>();
  const specs: SocketSpec[] = [];
  list.data.forEach((item, i) => {
    const where = `${base}/${i}`;
    const bare =
      typeof item === 'object' && item !== null
        ? Object.fromEntries(Object.entries(item).filter(([k]) => !STATE_KEYS.includes(k)))
        : item;
    const parsed = socketSpecSchema.safeParse(bare);
    if (!parsed.success) {
      problems.push(...zodProblems(parsed.error, where));
      return;
    }
    const own = socketProblems(parsed.data, where);
    if (own.length > 0) {
      problems.push(...own);
      return;
    }
    const spec = normalizeSocket(parsed.data);
    if (spec.path === proxy.path) {
      if (JSON.stringify(spec) !== JSON.stringify(normalizeSocket(proxy)))
        problems.push({
          where,
          message: `${spec.path} is the --proxy-socket: its profile ("${proxy.profile}") and mode (${proxy.mode}) are set on the command line`,
        });
      return;
    }
    if (paths.has(spec.path)) problems.push({ where: `${where}/path`, message: `socket ${spec.path} is listed twice` });
    paths.add(spec.path);
    for (const named of profilesNamedBy(spec, where))
      if (!names.has(named.name)) problems.push({ where: named.where, message: `there is no profile "${named.name}"` });
    const ownership = ownershipProblem(spec);
    if (ownership) problems.push({ where: `${where}/${ownership.key}`, message: ownership.message });
    specs.push(spec);
  });
  if (problems.length > 0) throw invalid('INVALID_SOCKETS', problems);
  return specs;
}

/** The --proxy-socket as it runs now: set on the command line, bound to 'default'. */
export function proxySpec(sockets: SocketManager, proxySocket: string): SocketSpec {
  const running = sockets.states().find((s) => s.source === 'proxy-socket');
  return { path: proxySocket, profile: DEFAULT_PROFILE, mode: running?.mode ?? '660' };
}
