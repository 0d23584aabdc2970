// The ordered rule list: add, edit, delete, move up and down, enable and disable. The first matching rule decides.
import { Fragment, useEffect, useState } from 'react';
import type { Rule } from '../../../shared/rules/types.ts';
import { RuleForm } from './RuleForm.tsx';
import { freeId, methodsText } from './rule-check.ts';
import type { RulesModel } from './use-rules.ts';
import { useReview } from './use-review.ts';
import { WarningList } from './WarningList.tsx';

/** A rule to add, with where it goes and why (from the live log's "allow this"). */
export interface Prefill {
  readonly rule: Rule;
  readonly index: number;
  readonly note: string;
}

type Editing =
  | { readonly kind: 'new'; readonly index: number; readonly rule: Rule; readonly note?: string }
  | { readonly kind: 'edit'; readonly index: number; readonly rule: Rule };

function blankRule(rules: readonly Rule[]): Rule {
  return { id: freeId('rule', rules), action: 'allow', methods: ['GET'], pattern: '^/', comment: '', enabled: true };
}

function move<T>(list: readonly T[], from: number, to: number): T[] {
  const next = [...list];
  const [item] = next.splice(from, 1);
  if (item !== undefined) next.splice(to, 0, item);
  return next;
}

export function RulesEditor({
  model,
  prefill,
  onPrefillUsed,
}: {
  model: RulesModel;
  prefill: Prefill | null;
  onPrefillUsed(): void;
}) {
  const { draft, saved } = model;
  const [editing, setEditing] = useState<Editing | null>(null);
  // The draft's warnings as it is edited, before anything goes live (the saved set's come with it).
  const review = useReview(model.profile, model.dirty ? draft : null);
  useEffect(() => {
    if (prefill) {
      setEditing({ kind: 'new', ...prefill });
      onPrefillUsed();
    }
  }, [prefill, onPrefillUsed]);

  const savedById = new Map((saved?.rules ?? []).map((r) => [r.id, JSON.stringify(r)]));
  const replace = (index: number, rule: Rule): void => model.setDraft(draft.map((r, i) => (i === index ? rule : r)));
  const edit = (rule: Rule): void => setEditing((e) => (e === null ? e : { ...e, rule }));

  // The form opens in place: a new rule's where it will go, an edited rule's under its row.
  const form =
    editing?.kind === 'new' ? (
      <RuleForm
        title="New rule"
        rule={editing.rule}
        others={draft}
        note={editing.note}
        onChange={edit}
        onApply={(rule) => {
          model.setDraft([...draft.slice(0, editing.index), rule, ...draft.slice(editing.index)]);
          setEditing(null);
        }}
        onCancel={() => setEditing(null)}
      />
    ) : editing?.kind === 'edit' ? (
      <RuleForm
        title={`Edit rule ${editing.index + 1}`}
        rule={editing.rule}
        others={draft.filter((_, i) => i !== editing.index)}
        onChange={edit}
        onApply={(rule) => {
          replace(editing.index, rule);
          setEditing(null);
        }}
        onCancel={() => setEditing(null)}
      />
    ) : null;
  const formRow = (
    <tr className="form-row">
      <td colSpan={8}>{form}</td>
    </tr>
  );
  const newAt = editing?.kind === 'new' ? editing.index : -1;
  const editAt = editing?.kind === 'edit' ? editing.index : -1;

  return (
    <section aria-label="Rules">
      <div className="section-head">
        <h2>Rules</h2>
        {/* Not before the rules are loaded: a rule added to the empty list would land above them. */}
        <button
          type="button"
          className="primary"
          disabled={!model.loaded}
          onClick={() => setEditing({ kind: 'new', index: draft.length, rule: blankRule(draft) })}
        >
          Add rule
        </button>
      </div>
      <p className="hint">
        Requests are checked against the enabled rules from the top; the first whose methods and pattern match decides.
        A request no rule matches is denied.
      </p>
      {model.dirty ? (
        <WarningList warnings={review?.warnings} label="Warnings about the draft" />
      ) : (
        <WarningList warnings={saved?.warnings} label="Warnings" />
      )}
      <table className="rules">
        <thead>
          <tr>
            <th>#</th>
            <th>On</th>
            <th>Action</th>
            <th>Methods</th>
            <th>Pattern</th>
            <th>Comment</th>
            <th>Id</th>
            <th aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {draft.map((rule, i) => {
            const state =
              savedById.get(rule.id) === undefined
                ? 'new'
                : savedById.get(rule.id) === JSON.stringify(rule)
                  ? ''
                  : 'changed';
            return (
              <Fragment key={rule.id}>
                {i === newAt && formRow}
                <tr
                  data-rule-id={rule.id}
                  className={[rule.enabled ? '' : 'disabled', state ? 'unsaved' : ''].join(' ')}
                >
                  <td className="num">{i + 1}</td>
                  <td className="on">
                    <input
                      type="checkbox"
                      aria-label={`enable ${rule.id}`}
                      checked={rule.enabled}
                      onChange={(e) => replace(i, { ...rule, enabled: e.target.checked })}
                    />
                  </td>
                  <td>
                    <span className={`badge ${rule.action}`}>{rule.action}</span>
                  </td>
                  <td>{methodsText(rule.methods)}</td>
                  <td className="mono pattern">{rule.pattern}</td>
                  <td className="comment">{rule.comment}</td>
                  <td className="mono">
                    {rule.id}
                    {state && <span className="tag">{state}</span>}
                  </td>
                  <td className="row-actions">
                    {/* Two pairs, side by side, or one above the other where the pattern needs the room. */}
                    <span>
                      <button
                        type="button"
                        aria-label={`move ${rule.id} up`}
                        title="Move up"
                        disabled={i === 0}
                        onClick={() => model.setDraft(move(draft, i, i - 1))}
                      >
                        ↑
                      </button>
                      <button
                        type="button"
                        aria-label={`move ${rule.id} down`}
                        title="Move down"
                        disabled={i === draft.length - 1}
                        onClick={() => model.setDraft(move(draft, i, i + 1))}
                      >
                        ↓
                      </button>
                    </span>
                    <span>
                      <button
                        type="button"
                        aria-label={`edit ${rule.id}`}
                        onClick={() => setEditing({ kind: 'edit', index: i, rule })}
                      >
                        Edit
                      </button>
                      <button
                        type="button"
                        aria-label={`delete ${rule.id}`}
                        className="danger"
                        onClick={() => {
                          model.setDraft(draft.filter((_, k) => k !== i));
                          setEditing(null);
                        }}
                      >
                        Delete
                      </button>
                    </span>
                  </td>
                </tr>
                {i === editAt && formRow}
              </Fragment>
            );
          })}
          {newAt >= draft.length && formRow}
          {draft.length === 0 && (
            <tr>
              <td colSpan={8} className="empty">
                No rules: every request is denied.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}
