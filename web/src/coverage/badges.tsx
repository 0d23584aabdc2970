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

const WIDTH: Record<Grant, number> = { denied: 0, partial: 1, allowed: 2 };

/** Whether going from one grant to another widens or narrows what is granted; null when it is the same. */
export function changeOf(before: Grant, after: Grant): 'widens' | 'narrows' | null {
  return WIDTH[after] === WIDTH[before] ? null : WIDTH[after] > WIDTH[before] ? 'widens' : 'narrows';
}

/** A change in words and an arrow, not in colour alone: ▲ widens (grants more), ▼ narrows (grants less). */
export function ChangeBadge({ before, after }: { before: Grant; after: Grant }) {
  const change = changeOf(before, after);
  if (change === null) return null;
  return (
    <span className={`change change-${change}`} title={change === 'widens' ? 'grants more' : 'grants less'}>
      {change === 'widens' ? '▲ widens' : '▼ narrows'}
    </span>
  );
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
  return rules.map((r) => r ?? 'default deny').join(', ');
}
