// Judges one incoming request: its framing and headers first, then the shared decide() on method and target.
import type { IncomingMessage } from 'node:http';
import type { CompiledRuleSet } from '../../shared/rules/compile.ts';
import { decide } from '../../shared/rules/decide.ts';
import type { CanonicalRequest, Decision } from '../../shared/rules/types.ts';
import { readFraming, type Framing } from './framing.ts';

// Docker ignores these, but a server in front of or behind doxy might not: a request that asks for another method is ambiguous.
const METHOD_OVERRIDES = new Set(['x-http-method-override', 'x-http-method', 'x-method-override']);

/** The first method-override header of the request (lower-case), read from rawHeaders: req.headers is built on first use. */
function methodOverride(req: IncomingMessage): string | null {
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] ?? '';
    // Every override name starts with "x-": other headers are passed over without lower-casing them.
    if ((name.charCodeAt(0) | 0x20) !== 0x78 || name.charCodeAt(1) !== 0x2d) continue;
    const lower = name.toLowerCase();
    if (METHOD_OVERRIDES.has(lower)) return lower;
  }
  return null;
}

/** Forward `request` with `framing`, or answer `status` with explain(decision). */
export type Judgement =
  | {
      readonly forward: true;
      readonly decision: Decision;
      readonly request: CanonicalRequest;
      readonly framing: Framing;
    }
  | { readonly forward: false; readonly decision: Decision; readonly status: number };

function refuse(method: string, target: string, reason: string, status = 400): Judgement {
  return { forward: false, decision: { verdict: 'refuse', method, target, reason }, status };
}

/**
 * `learning`: forward a request that no rule allows (learn mode lifts the default deny). A request an explicit deny rule
 * matches is the user's decision and stays denied; a refused one, being ambiguous, is never forwarded.
 */
export function judge(req: IncomingMessage, rules: CompiledRuleSet, learning = false): Judgement {
  const method = req.method ?? '';
  const target = req.url ?? '';
  const framing = readFraming(req);
  if (!framing.ok) return refuse(method, target, framing.reason, framing.status);
  const override = methodOverride(req);
  if (override !== null) return refuse(method, target, `header "${override}" asks for another method`);
  const decision = decide({ method, target }, rules);
  if (decision.verdict === 'allow' || (learning && decision.verdict === 'deny' && decision.rule === null))
    return { forward: true, decision, request: decision.request, framing: framing.framing };
  return { forward: false, decision, status: decision.verdict === 'refuse' ? 400 : 403 };
}
