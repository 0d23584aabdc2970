// The body policy form: one control per constraint in the schema's order, in plain words (policy-controls.ts), with
// the server's problems shown at the field they name.
import { useState } from 'react';
import { HOST_NAMESPACES, type BodyPolicy, type HostNamespace } from '../../../shared/policy/body-policy.ts';
import type { Problem } from '../../../shared/rules/types.ts';
import { FieldError } from '../sockets/FieldError.tsx';
import { BindRows } from './BindRows.tsx';
import { CONTROLS } from './policy-controls.ts';
import { Check, ListField, problemsAt } from './policy-fields.tsx';

const NAMESPACE_WORDS: Record<HostNamespace, string> = {
  network: "the host's network (--network host)",
  pid: "the host's processes (--pid host)",
  ipc: "the host's IPC (--ipc host)",
  uts: "the host's hostname (--uts host)",
  userns: "the host's user namespace (--userns host)",
  cgroupns: "the host's cgroups (--cgroupns host)",
};

const USER_CHOICES: readonly { value: BodyPolicy['user']; label: string }[] = [
  { value: 'any', label: 'any user, root included' },
  { value: 'not-root', label: "never root (a body that names no user runs as the image's user)" },
  { value: 'explicit-not-root', label: 'a non-root user must be named' },
];

type Set = <K extends keyof BodyPolicy>(key: K, value: BodyPolicy[K]) => void;
interface Own {
  readonly p: BodyPolicy;
  readonly set: Set;
  readonly problems: readonly Problem[];
}

function HostNamespaces({ p, set, problems }: Own) {
  return (
    <fieldset className="policy-field">
      <legend>Host namespaces a container may join</legend>
      <div className="inline">
        {HOST_NAMESPACES.map((ns) => (
          <label key={ns}>
            <input
              type="checkbox"
              checked={p.hostNamespaces.includes(ns)}
              onChange={(e) =>
                set(
                  'hostNamespaces',
                  HOST_NAMESPACES.filter((n) => (n === ns ? e.target.checked : p.hostNamespaces.includes(n))),
                )
              }
            />{' '}
            {NAMESPACE_WORDS[ns]}
          </label>
        ))}
      </div>
      <FieldError text={problemsAt(problems, '/policy/hostNamespaces')} />
    </fieldset>
  );
}

function User({ p, set, problems }: Own) {
  return (
    <fieldset className="policy-field">
      <legend>User inside the container</legend>
      <div className="inline">
        {USER_CHOICES.map((c) => (
          <label key={c.value}>
            <input type="radio" name="policy-user" checked={p.user === c.value} onChange={() => set('user', c.value)} />{' '}
            {c.label}
          </label>
        ))}
      </div>
      <p className="hint">Root is uid 0 however written (0, 00, root, and an empty name as in :1000).</p>
      <FieldError text={problemsAt(problems, '/policy/user')} />
    </fieldset>
  );
}

function Images({ p, set, problems }: Own) {
  return (
    <fieldset className="policy-field">
      <legend>Images</legend>
      <div className="inline">
        <label>
          <input type="radio" name="policy-images" checked={p.images === null} onChange={() => set('images', null)} />{' '}
          any image
        </label>
        <label>
          <input
            type="radio"
            name="policy-images"
            checked={p.images !== null}
            onChange={() => set('images', p.images ?? [])}
          />{' '}
          only images matching these patterns
        </label>
      </div>
      {p.images !== null && (
        <ListField
          label="Image patterns"
          hint="One a line: busybox is docker.io/library/busybox; * within a path segment, ** across; a tag or digest must match in full. An image ID never matches."
          placeholder="registry.example/ci/**"
          value={p.images}
          onChange={(v) => set('images', v)}
          error={problemsAt(problems, '/policy/images')}
        />
      )}
    </fieldset>
  );
}

export function PolicyEditor({
  initial,
  problems,
  saving,
  onSave,
  onCancel,
}: {
  initial: BodyPolicy;
  problems: readonly Problem[];
  saving: boolean;
  onSave(policy: BodyPolicy): void;
  onCancel(): void;
}) {
  const [p, setP] = useState<BodyPolicy>(initial);
  const set: Set = (key, value) => setP((was) => ({ ...was, [key]: value }));
  const own = { p, set, problems };

  return (
    <form
      className="card policy-editor"
      aria-label="Edit the body policy"
      onSubmit={(e) => {
        e.preventDefault();
        onSave(p);
      }}
    >
      {CONTROLS.map((c) => {
        const error = problemsAt(problems, `/policy/${c.key}`);
        if (c.kind === 'check')
          return (
            <Check
              key={c.key}
              label={c.label}
              hint={c.hint}
              checked={p[c.key]}
              onChange={(v) => set(c.key, v)}
              error={error}
            />
          );
        if (c.kind === 'list')
          return (
            <ListField
              key={c.key}
              label={c.label}
              hint={c.hint}
              placeholder={c.placeholder}
              value={p[c.key]}
              onChange={(v) => set(c.key, v)}
              error={error}
            />
          );
        if (c.key === 'hostNamespaces') return <HostNamespaces key={c.key} {...own} />;
        if (c.key === 'user') return <User key={c.key} {...own} />;
        if (c.key === 'images') return <Images key={c.key} {...own} />;
        return <BindRows key={c.key} binds={p.binds} onChange={(v) => set('binds', v)} problems={problems} />;
      })}
      <div className="actions">
        <button type="submit" className="primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save policy'}
        </button>
        <button type="button" disabled={saving} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
