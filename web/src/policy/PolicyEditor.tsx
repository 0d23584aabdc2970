// The body policy form: one control per constraint, in plain words (after the field comments of body-policy.ts), with
// the server's problems shown at the field they name.
import { useState } from 'react';
import { HOST_NAMESPACES, type BodyPolicy, type HostNamespace } from '../../../shared/policy/body-policy.ts';
import type { Problem } from '../../../shared/rules/types.ts';
import { FieldError } from '../sockets/FieldError.tsx';
import { BindRows } from './BindRows.tsx';
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
  const set = <K extends keyof BodyPolicy>(key: K, value: BodyPolicy[K]): void =>
    setP((was) => ({ ...was, [key]: value }));
  const at = (key: keyof BodyPolicy): string | undefined => problemsAt(problems, `/policy/${key}`);
  const list = (
    key: 'capabilities' | 'securityOptions' | 'volumeDrivers' | 'sysctls' | 'runtimes' | 'pluginPrivileges',
  ) => ({ value: p[key], onChange: (v: string[]) => set(key, v), error: at(key) }) as const;

  return (
    <form
      className="card policy-editor"
      aria-label="Edit the body policy"
      onSubmit={(e) => {
        e.preventDefault();
        onSave(p);
      }}
    >
      <Check
        label="Allow privileged containers and exec"
        hint="--privileged: every device, every capability, no confinement. Root on the host."
        checked={p.privileged}
        onChange={(v) => set('privileged', v)}
        error={at('privileged')}
      />
      <ListField
        label="Capabilities a container may add"
        hint="--cap-add, one a line (CAP_ optional, any case); ALL allows every one. None: only Docker's defaults."
        placeholder="NET_ADMIN"
        {...list('capabilities')}
      />
      <Check
        label="Allow host devices"
        hint="--device, --gpus, device cgroup rules, and plugin device settings."
        checked={p.devices}
        onChange={(v) => set('devices', v)}
        error={at('devices')}
      />
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
        <FieldError text={at('hostNamespaces')} />
      </fieldset>
      <Check
        label="Allow joining other containers' namespaces"
        hint="--network container:ID, --pid container:ID and the like: that container may have the host's."
        checked={p.containerNamespaces}
        onChange={(v) => set('containerNamespaces', v)}
        error={at('containerNamespaces')}
      />
      <ListField
        label="Security options allowed"
        hint="--security-opt, one a line, compared as the daemon reads them (label:disable is label=disable). seccomp=unconfined, apparmor=unconfined and label=disable lift the confinement."
        placeholder="no-new-privileges"
        {...list('securityOptions')}
      />
      <BindRows binds={p.binds} onChange={(v) => set('binds', v)} problems={problems} />
      <ListField
        label="Volume drivers besides local"
        hint="A plugin volume driver mounts what it likes. None: local volumes only."
        {...list('volumeDrivers')}
      />
      <Check
        label="Allow another container's mounts (--volumes-from)"
        hint="Takes every mount of the other container, its binds included."
        checked={p.volumesFrom}
        onChange={(v) => set('volumesFrom', v)}
        error={at('volumesFrom')}
      />
      <ListField
        label="Sysctls allowed"
        hint="--sysctl names, one a line; net.* allows a prefix."
        placeholder="net.ipv4.ip_unprivileged_port_start"
        {...list('sysctls')}
      />
      <ListField
        label="Runtimes besides the default"
        hint="--runtime: an OCI runtime other than the daemon's default."
        {...list('runtimes')}
      />
      <fieldset className="policy-field">
        <legend>User inside the container</legend>
        <div className="inline">
          {USER_CHOICES.map((c) => (
            <label key={c.value}>
              <input
                type="radio"
                name="policy-user"
                checked={p.user === c.value}
                onChange={() => set('user', c.value)}
              />{' '}
              {c.label}
            </label>
          ))}
        </div>
        <p className="hint">Root is uid 0 however written (0, 00, root, and an empty name as in :1000).</p>
        <FieldError text={at('user')} />
      </fieldset>
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
            error={at('images')}
          />
        )}
      </fieldset>
      <Check
        label="Allow unmasked system paths"
        hint="Emptied MaskedPaths and ReadonlyPaths make /proc/sys and friends writable: a root container can then escape."
        checked={p.systemPaths}
        onChange={(v) => set('systemPaths', v)}
        error={at('systemPaths')}
      />
      <Check
        label="Allow OCI annotations"
        hint="Some runtimes read annotations as configuration."
        checked={p.annotations}
        onChange={(v) => set('annotations', v)}
        error={at('annotations')}
      />
      <ListField
        label="Plugin privileges a plugin install may be granted"
        hint="network, mount, device, capabilities… one a line. None: no plugin that asks for any."
        {...list('pluginPrivileges')}
      />
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
