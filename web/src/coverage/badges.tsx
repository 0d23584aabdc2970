// Small labels shared by the coverage and presets screens: an operation's risk, whether its answers are redacted, and
// what a rule set grants of it.
import type { Grant } from '../../../shared/catalog/coverage.ts';
import type { Operation, Risk } from '../../../shared/catalog/engine-api.ts';

const RISK_LABEL: Record<Risk, string> = {
  read: 'read',
  'secret-read': 'secret read',
  write: 'write',
  root: 'root-equivalent',
};

/** `bounded`: a root-equivalent operation whose body the profile's policy bounds, so only a write (its own badge). */
export function RiskBadge({ risk, bounded = false }: { risk: Risk; bounded?: boolean }) {
  if (bounded)
    return (
      <span className="risk risk-write risk-bounded" title="root-equivalent without the profile's body policy">
        write, bounded by policy
      </span>
    );
  return <span className={`risk risk-${risk}`}>{RISK_LABEL[risk]}</span>;
}

/** On an operation whose answers carry secrets: whether the profile redacts them (see the Answers and ownership panel). */
export function RedactionBadge({ redacted }: { redacted: boolean }) {
  return (
    <span className={`redaction redaction-${redacted ? 'on' : 'off'}`}>{redacted ? 'redacted' : 'not redacted'}</span>
  );
}

export function GrantBadge({ grant }: { grant: Grant }) {
  return <span className={`grant grant-${grant}`}>{grant}</span>;
}

export function OperationName({ op }: { op: Operation }) {
  return (
    <span className="mono op">
      <span className="method">{op.method}</span> {op.template}
    </span>
  );
}

export function ruleIds(rules: readonly (string | null)[]): string {
  return rules.map((r) => r ?? 'no rule (default)').join(', ');
}
