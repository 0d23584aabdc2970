// Decides one incoming request: framing checks on its headers, then the shared decide() on method and target.
import type { IncomingMessage } from 'node:http';
import type { CompiledRuleSet } from '../../shared/rules/compile.ts';
import { decide } from '../../shared/rules/decide.ts';
import type { Decision } from '../../shared/rules/types.ts';

// Docker ignores these, but a server in front of or behind doxy might not: a request that asks for another method is ambiguous.
const METHOD_OVERRIDES = ['x-http-method-override', 'x-http-method', 'x-method-override'];

export function judge(req: IncomingMessage, rules: CompiledRuleSet): Decision {
  const method = req.method ?? '';
  const target = req.url ?? '';
  for (const h of METHOD_OVERRIDES) {
    if (req.headers[h] !== undefined) return { verdict: 'refuse', method, target, reason: `header "${h}" asks for another method` };
  }
  return decide({ method, target }, rules);
}
