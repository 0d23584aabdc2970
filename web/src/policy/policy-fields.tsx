// The controls of the policy editor: a yes/no constraint, a list (one item a line), a host path row; each shows the
// server's problems for its field beneath it.
import { useState } from 'react';
import type { Problem } from '../../../shared/rules/types.ts';
import { FieldError } from '../sockets/FieldError.tsx';

/** The problems whose JSON pointer is `where` or under it, as one line (or undefined when none). */
export function problemsAt(problems: readonly Problem[], where: string): string | undefined {
  const at = problems.filter((p) => p.where === where || p.where.startsWith(`${where}/`));
  return at.length === 0 ? undefined : at.map((p) => p.message).join('; ');
}

export function Check({
  label,
  hint,
  checked,
  onChange,
  error,
}: {
  label: string;
  hint: string;
  checked: boolean;
  onChange(checked: boolean): void;
  error?: string | undefined;
}) {
  return (
    <div className="policy-field">
      <label>
        <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} /> {label}
      </label>
      <p className="hint">{hint}</p>
      <FieldError text={error} />
    </div>
  );
}

/** A list edited as text, one item a line; blank lines are dropped. */
export function ListField({
  label,
  hint,
  value,
  onChange,
  error,
  placeholder,
}: {
  label: string;
  hint: string;
  value: readonly string[];
  onChange(list: string[]): void;
  error?: string | undefined;
  placeholder?: string;
}) {
  // The text is kept as typed (a new empty line included); the list is what its lines say.
  const [text, setText] = useState(value.join('\n'));
  return (
    <div className="policy-field">
      <label>
        {label}
        <textarea
          className="mono"
          rows={Math.max(2, text.split('\n').length)}
          value={text}
          placeholder={placeholder}
          spellCheck={false}
          aria-invalid={error === undefined ? undefined : true}
          onChange={(e) => {
            setText(e.target.value);
            onChange(
              e.target.value
                .split('\n')
                .map((l) => l.trim())
                .filter((l) => l !== ''),
            );
          }}
        />
      </label>
      <p className="hint">{hint}</p>
      <FieldError text={error} />
    </div>
  );
}
