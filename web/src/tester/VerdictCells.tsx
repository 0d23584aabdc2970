// One row of the tester: the rules' verdict, and where the request came with a body, what the body policy said of it
// (a body the policy denies or refuses turns an allowed request into a 403 or a 400, naming the field that decided).
import type { BodyCheck, CheckResult } from '../../../shared/protocol/check.ts';

const LABEL = { allow: 'allowed', deny: 'denied', refuse: 'refused' } as const;

function shownVerdict(result: CheckResult, body: BodyCheck | null): keyof typeof LABEL {
  if (body?.verdict === 'deny') return 'deny';
  if (body?.verdict === 'refuse') return 'refuse';
  return result.verdict;
}

function BodyLine({ body }: { body: BodyCheck }) {
  if (body.verdict === 'forward')
    return <p className="body-verdict">Body allowed by the body policy, forwarded as doxy writes it.</p>;
  if (body.verdict === 'unread') return <p className="body-verdict">Body: {body.message}.</p>;
  return (
    <p className="body-verdict">
      {body.status} {body.verdict === 'deny' ? 'denied by the body policy' : 'refused'}
      {body.field === '' ? (
        ''
      ) : (
        <>
          {' '}
          at <code className="field">{body.field}</code>
        </>
      )}
      : {body.message}
    </p>
  );
}

export function VerdictCells({ result: r, body }: { result: CheckResult; body: BodyCheck | null }) {
  const verdict = shownVerdict(r, body);
  return (
    <tr className={`verdict-${verdict}`}>
      <td className="mono">
        {r.method} {r.path}
      </td>
      <td>
        <span className={`badge ${verdict}`}>{LABEL[verdict]}</span>
      </td>
      <td className="mono">
        {r.ruleId === null ? (r.verdict === 'refuse' ? '—' : 'default deny') : `#${r.ruleIndex + 1} ${r.ruleId}`}
      </td>
      <td>
        {r.verdict === 'refuse' ? r.reason : <code>{r.canonicalPath}</code>}
        {body && <BodyLine body={body} />}
      </td>
    </tr>
  );
}
