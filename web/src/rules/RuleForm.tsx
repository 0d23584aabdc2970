// The form for one rule, new or edited: a bad pattern is refused inline, with a caret under the error position.
// The rule being edited is the caller's state, not the form's: the form moves when rules load or arrive from
// elsewhere (it opens in place), and what was typed must survive that.
import { useMemo } from 'react';
import { METHODS, type Method, type Rule } from '../../../shared/rules/types.ts';
import { checkDraftRule, hasErrors } from './rule-check.ts';

interface Props {
  readonly title: string;
  readonly rule: Rule;
  /** The other rules of the draft, for the duplicate-id check. */
  readonly others: readonly Rule[];
  readonly note?: string;
  onChange(rule: Rule): void;
  onApply(rule: Rule): void;
  onCancel(): void;
}

function toggleMethod(methods: Rule['methods'], m: Method): Rule['methods'] {
  const list = methods === '*' ? [] : methods;
  const next = list.includes(m) ? list.filter((x) => x !== m) : [...list, m];
  return METHODS.filter((x) => next.includes(x));
}

export function RuleForm({ title, rule, others, note, onChange, onApply, onCancel }: Props) {
  const errors = useMemo(() => checkDraftRule(rule, others), [rule, others]);
  const set = (patch: Partial<Rule>): void => onChange({ ...rule, ...patch });
  return (
    <form
      className="card rule-form"
      aria-label={title}
      onSubmit={(e) => {
        e.preventDefault();
        if (!hasErrors(errors)) onApply(rule);
      }}
    >
      <h3>{title}</h3>
      {note && <p className="hint">{note}</p>}
      <div className="form-grid">
        <label htmlFor="rule-id">Id</label>
        <div>
          <input
            id="rule-id"
            value={rule.id}
            onChange={(e) => set({ id: e.target.value })}
            aria-invalid={errors.id !== undefined}
          />
          {errors.id && <p className="field-error">{errors.id}</p>}
        </div>
        <span>Action</span>
        <div className="inline">
          {(['allow', 'deny'] as const).map((a) => (
            <label key={a}>
              <input type="radio" name="action" checked={rule.action === a} onChange={() => set({ action: a })} /> {a}
            </label>
          ))}
        </div>
        <span>Methods</span>
        <div>
          <div className="inline">
            <label>
              <input
                type="checkbox"
                checked={rule.methods === '*'}
                onChange={(e) => set({ methods: e.target.checked ? '*' : ['GET'] })}
              />{' '}
              any method
            </label>
            {METHODS.map((m) => (
              <label key={m}>
                <input
                  type="checkbox"
                  disabled={rule.methods === '*'}
                  checked={rule.methods !== '*' && rule.methods.includes(m)}
                  onChange={() => set({ methods: toggleMethod(rule.methods, m) })}
                />{' '}
                {m}
              </label>
            ))}
          </div>
          {errors.methods && <p className="field-error">{errors.methods}</p>}
        </div>
        <label htmlFor="rule-pattern">Pattern</label>
        <div>
          <input
            id="rule-pattern"
            className="mono"
            value={rule.pattern}
            spellCheck={false}
            onChange={(e) => set({ pattern: e.target.value })}
            aria-invalid={errors.pattern !== undefined}
          />
          {errors.pattern ? (
            <div className="field-error" role="alert">
              <pre className="caret">
                {rule.pattern}
                {'\n'}
                {' '.repeat(errors.pattern.index)}^
              </pre>
              <p>
                {errors.pattern.message} (at index {errors.pattern.index})
              </p>
            </div>
          ) : (
            <p className="hint">
              RE2 syntax, matched against the whole decoded path without the query (doxy anchors it).
            </p>
          )}
        </div>
        <label htmlFor="rule-comment">Comment</label>
        <input id="rule-comment" value={rule.comment} onChange={(e) => set({ comment: e.target.value })} />
        <span>Enabled</span>
        <label>
          <input type="checkbox" checked={rule.enabled} onChange={(e) => set({ enabled: e.target.checked })} /> this
          rule is used
        </label>
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={hasErrors(errors)}>
          Apply to draft
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <span className="hint">Applied changes take effect when you save.</span>
      </div>
    </form>
  );
}
