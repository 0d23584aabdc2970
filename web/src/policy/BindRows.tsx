// The host paths bind mounts may come from: one row per prefix, with read-only, added and removed in place.
import type { BodyPolicy } from '../../../shared/policy/body-policy.ts';
import type { Problem } from '../../../shared/rules/types.ts';
import { FieldError } from '../sockets/FieldError.tsx';
import { problemsAt } from './policy-fields.tsx';

type Binds = BodyPolicy['binds'];

export function BindRows({
  binds,
  onChange,
  problems,
}: {
  binds: Binds;
  onChange(binds: Binds): void;
  problems: readonly Problem[];
}) {
  const set = (i: number, patch: Partial<Binds[number]>): void =>
    onChange(binds.map((b, k) => (k === i ? { ...b, ...patch } : b)));
  return (
    <fieldset className="policy-field binds">
      <legend>Bind mounts of host paths</legend>
      <p className="hint">
        Host paths a bind mount (<code>-v /path:…</code>, <code>--mount type=bind</code>, a local volume with{' '}
        <code>o=bind</code>) may come from: each is a prefix of whole path segments. None: no host path at all.
        Read-write binds let a container plant a symlink that a later bind follows.
      </p>
      {binds.map((b, i) => {
        const error = problemsAt(problems, `/policy/binds/${i}`);
        return (
          <div key={i} className="bind-row">
            <input
              aria-label={`host path ${i + 1}`}
              className="mono"
              value={b.path}
              placeholder="/srv/ci"
              spellCheck={false}
              aria-invalid={error === undefined ? undefined : true}
              onChange={(e) => set(i, { path: e.target.value })}
            />
            <label>
              <input
                type="checkbox"
                checked={b.readOnly}
                aria-label={`host path ${i + 1} read-only`}
                onChange={(e) => set(i, { readOnly: e.target.checked })}
              />{' '}
              read-only
            </label>
            <button
              type="button"
              className="small danger"
              aria-label={`remove host path ${i + 1}`}
              onClick={() => onChange(binds.filter((_, k) => k !== i))}
            >
              Remove
            </button>
            <FieldError text={error} />
          </div>
        );
      })}
      <button type="button" className="small" onClick={() => onChange([...binds, { path: '', readOnly: true }])}>
        Add a host path
      </button>
      <FieldError text={problems.find((p) => p.where === '/policy/binds')?.message} />
    </fieldset>
  );
}
