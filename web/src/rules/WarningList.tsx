// The lint warnings of a rule set (saved, draft, import or preset), one line each.
import type { Problem } from '../../../shared/rules/types.ts';

export function WarningList({ warnings, label }: { warnings: readonly Problem[] | null | undefined; label: string }) {
  if (!warnings || warnings.length === 0) return null;
  return (
    <ul className="warnings" aria-label={label}>
      {warnings.map((w) => (
        <li key={`${w.where} ${w.message}`}>{w.message}</li>
      ))}
    </ul>
  );
}
