// A request body as the check endpoint and the web tester judge it: the proxy's own reading (policedRequest, then
// checkBody under the profile's policy), so that the tester shows what the proxy will do.
import type { BodyPolicy } from '../policy/body-policy.ts';
import { bodyVerdictMessage, checkBody } from '../policy/check-body.ts';
import { isLibpodWrite, LIBPOD_BODY_UNREAD, policedRequest } from '../policy/operations.ts';
import type { BodyCheck, CheckRequest, CheckResult } from '../protocol/check.ts';

/** What the proxy does with `body` once the rules decided `result`, on profile `profile` with `policy`. */
export function bodyCheck(result: CheckResult, body: string, policy: BodyPolicy | null, profile: string): BodyCheck {
  if (result.verdict !== 'allow' || result.canonicalPath === null)
    return { verdict: 'unread', message: 'the rules do not allow the request: its body is never read' };
  const request = { method: result.method, path: result.canonicalPath };
  const policed = policedRequest(request);
  if (policed === null && policy !== null && body !== '' && isLibpodWrite(request)) {
    const verdict = { ok: false, status: 403, field: '', message: LIBPOD_BODY_UNREAD } as const;
    const message = bodyVerdictMessage(request.method, request.path, verdict, profile);
    return { verdict: 'deny', status: 403, field: '', message };
  }
  if (policed === null)
    return {
      verdict: 'unread',
      message: `${request.method} ${request.path} is not a policed operation: its body is forwarded unread`,
    };
  if (policy === null)
    return { verdict: 'unread', message: `profile ${profile} has no body policy: the body is forwarded unread` };
  const verdict = checkBody(policed, body, policy);
  if (verdict.ok) return { verdict: 'forward', forwarded: verdict.body };
  return {
    verdict: verdict.status === 403 ? 'deny' : 'refuse',
    status: verdict.status,
    field: verdict.field,
    message: bodyVerdictMessage(request.method, request.path, verdict, profile),
  };
}

/** The rows of a check with the body verdict added to each whose request came with a body. */
export function withBodyVerdicts(
  requests: readonly CheckRequest[],
  results: readonly CheckResult[],
  policy: BodyPolicy | null,
  profile: string,
): CheckResult[] {
  return results.map((result, i) => {
    const body = requests[i]?.body;
    return body === undefined ? result : { ...result, bodyVerdict: bodyCheck(result, body, policy, profile) };
  });
}
