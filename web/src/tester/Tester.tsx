// Tests requests against the rules as they are being edited, with the proxy's own decide(), in the browser.
import { useMemo, useState } from 'react';
import { checkResult } from '../../../shared/check/check-result.ts';
import { compileRuleSet } from '../../../shared/rules/compile.ts';
import { decide } from '../../../shared/rules/decide.ts';
import type { Rule } from '../../../shared/rules/types.ts';
import { parseTestLines } from './parse-lines.ts';

const EXAMPLE = 'GET /v1.47/containers/json?all=1\nPOST /v1.47/containers/create\nGET /_ping/../containers/json';
const LABEL = { allow: 'allowed', deny: 'denied', refuse: 'refused' } as const;

export function Tester({ rules, dirty }: { rules: readonly Rule[]; dirty: boolean }) {
  const [text, setText] = useState(EXAMPLE);
  const compiled = useMemo(() => compileRuleSet(rules), [rules]);
  const results = useMemo(() => {
    if (!compiled.ok) return [];
    return parseTestLines(text).map((r) =>
      checkResult(r, decide({ method: r.method, target: r.path }, compiled.value)),
    );
  }, [text, compiled]);

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
          {results.map((r, i) => (
            <tr key={`${i} ${r.method} ${r.path}`} className={`verdict-${r.verdict}`}>
              <td className="mono">
                {r.method} {r.path}
              </td>
              <td>
                <span className={`badge ${r.verdict}`}>{LABEL[r.verdict]}</span>
              </td>
              <td className="mono">
                {r.ruleId === null
                  ? r.verdict === 'refuse'
                    ? '—'
                    : 'no rule (default)'
                  : `#${r.ruleIndex + 1} ${r.ruleId}`}
              </td>
              <td>{r.verdict === 'refuse' ? r.reason : <code>{r.canonicalPath}</code>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
