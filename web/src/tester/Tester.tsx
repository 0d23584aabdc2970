// Tests requests against the rules as they are being edited, with the proxy's own decide(), in the browser; a body
// given for POST and PUT requests is judged by the profile's saved body policy with the proxy's own checkBody().
import { useMemo, useState } from 'react';
import { bodyCheck } from '../../../shared/check/body-check.ts';
import { checkResult } from '../../../shared/check/check-result.ts';
import type { BodyPolicy } from '../../../shared/policy/body-policy.ts';
import { compileRuleSet } from '../../../shared/rules/compile.ts';
import { decide } from '../../../shared/rules/decide.ts';
import type { Rule } from '../../../shared/rules/types.ts';
import { parseTestLines } from './parse-lines.ts';
import { VerdictCells } from './VerdictCells.tsx';

const EXAMPLE = 'GET /v1.47/containers/json?all=1\nPOST /v1.47/containers/create\nGET /_ping/../containers/json';
const WITH_BODY = new Set(['POST', 'PUT']);

export function Tester({
  rules,
  dirty,
  profile,
  policy,
}: {
  rules: readonly Rule[];
  dirty: boolean;
  profile: string;
  /** The profile's saved body policy: undefined while it loads, null when there is none. */
  policy: BodyPolicy | null | undefined;
}) {
  const [text, setText] = useState(EXAMPLE);
  const [body, setBody] = useState('');
  const compiled = useMemo(() => compileRuleSet(rules), [rules]);
  const requests = useMemo(() => parseTestLines(text), [text]);
  const takesBody = requests.some((r) => WITH_BODY.has(r.method.toUpperCase()));
  const rows = useMemo(() => {
    if (!compiled.ok) return [];
    return requests.map((r) => {
      const result = checkResult(r, decide({ method: r.method, target: r.path }, compiled.value));
      const judged = body.trim() !== '' && WITH_BODY.has(result.method.toUpperCase()) && policy !== undefined;
      return { result, body: judged ? bodyCheck(result, body, policy, profile) : null };
    });
  }, [requests, compiled, body, policy, profile]);

  return (
    <section aria-label="Tester">
      <h2>Test requests</h2>
      <p className="hint">
        One request a line: <code>METHOD /path?query</code>, or just <code>/path</code> for GET. Checked in your browser
        with the same code as the proxy, against
        {dirty ? <strong> your unsaved edits</strong> : ' the saved rules'}.
      </p>
      <textarea
        aria-label="Requests to test"
        className="mono"
        rows={Math.min(16, Math.max(4, text.split('\n').length + 1))}
        value={text}
        spellCheck={false}
        onChange={(e) => setText(e.target.value)}
      />
      {takesBody && (
        <label className="tester-body">
          Body of the POST and PUT requests (optional JSON)
          <textarea
            className="mono"
            rows={Math.min(12, Math.max(3, body.split('\n').length + 1))}
            value={body}
            placeholder='{"Image": "busybox", "HostConfig": {"Privileged": true}}'
            spellCheck={false}
            onChange={(e) => setBody(e.target.value)}
          />
          <span className="hint">
            {policy === undefined
              ? `Loading the body policy of profile ${profile}…`
              : policy === null
                ? `Profile ${profile} has no body policy: the proxy forwards bodies unread.`
                : `Judged by the saved body policy of profile ${profile}, as the proxy reads it (Go's JSON rules).`}
          </span>
        </label>
      )}
      {!compiled.ok && (
        <p className="error-box" role="alert">
          The draft rules do not compile: {compiled.problems[0]?.where} {compiled.problems[0]?.message}
        </p>
      )}
      <table className="results" aria-label="Verdicts">
        <thead>
          <tr>
            <th>Request</th>
            <th>Verdict</th>
            <th>Rule</th>
            <th>Canonical path / why</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ result, body: check }, i) => (
            <VerdictCells key={`${i} ${result.method} ${result.path}`} result={result} body={check} />
          ))}
        </tbody>
      </table>
    </section>
  );
}
