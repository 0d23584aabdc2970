// What doxy says at start besides its first lines: lint of each profile a socket serves, and one line per extra socket.
import { DEFAULT_PROFILE } from '../../shared/profiles/names.ts';
import type { SocketState } from '../../shared/protocol/sockets.ts';
import { formatLintWarning, lintRules } from '../../shared/lint/lint.ts';
import { lintProfile } from '../../shared/lint/lint-profile.ts';
import type { BodyPolicy } from '../../shared/policy/body-policy.ts';
import type { Rule } from '../../shared/rules/types.ts';
import { isTcpPath } from '../../shared/profiles/tcp-socket.ts';

/** Lint of one profile at start: the default profile's lines keep their historical shape, others name the profile. */
export function printLint(name: string, rules: readonly Rule[], policy: BodyPolicy | null): void {
  const of = name === DEFAULT_PROFILE ? '' : `profile "${name}": `;
  // A rule that grants a dangerous read (export, archive, image save, secrets...) is said out loud at every start.
  for (const w of lintRules(rules)) process.stderr.write(`doxy: warning: ${of}${formatLintWarning(w)}\n`);
  // Advice on the set as a whole (root grants, unreachable rules, no ping...): its own prefix, so "warning:" stays for dangerous reads.
  for (const w of lintProfile(rules, policy)) process.stderr.write(`doxy: lint: ${of}${w.where}: ${w.message}\n`);
}

/** A TCP socket's guard: who may connect, and whether it speaks TLS. */
function tcpGuard(s: SocketState): string {
  const from = s.allowFrom?.length ? `allow-from ${s.allowFrom.join(' ')}` : 'any client';
  const tls = s.tlsCa
    ? `, mutual TLS${s.clients?.length ? ` (${s.clients.map((c) => `${c.cn} -> ${c.profile}`).join(', ')}; other certificates ${s.unknownClients === 'socket-profile' ? `-> ${s.profile}` : 'refused'})` : ''}`
    : s.tlsCert
      ? ', TLS'
      : '';
  return `${from}${tls}`;
}

export function describeSocket(s: SocketState): string {
  const who = `${s.owner ? `, owner ${s.owner}` : ''}${s.group ? `, group ${s.group}` : ''}`;
  const how = isTcpPath(s.path) ? tcpGuard(s) : `mode ${s.mode}${who}`;
  return s.listening
    ? `doxy: socket ${s.path}: profile ${s.profile}, ${how} (${s.source})\n`
    : `doxy: socket ${s.path}: profile ${s.profile}: NOT listening: ${s.error}\n`;
}
