// One decision as a row of POST /api/check and of the web tester, so that both show the same thing.
import type { CheckRequest, CheckResult } from '../protocol/check.ts';
import { explain } from '../rules/decide.ts';
import type { Decision } from '../rules/types.ts';

/** Flattens a decision for the check endpoint and the web tester, which show the same thing. */
export function checkResult(request: CheckRequest, decision: Decision): CheckResult {
  if (decision.verdict === 'refuse') {
    return {
      ...request,
      verdict: 'refuse',
      ruleId: null,
      ruleIndex: -1,
      canonicalPath: null,
      target: null,
      reason: decision.reason,
    };
  }
  return {
    ...request,
    verdict: decision.verdict,
    ruleId: decision.rule?.id ?? null,
    ruleIndex: decision.index,
    canonicalPath: decision.request.path,
    target: decision.request.target,
    reason: decision.verdict === 'allow' ? '' : explain(decision),
  };
}
