// A TCP socket's guard in its row: who may connect (allow-from), TLS files, and with mutual TLS the profile each
// client certificate (by common name) gets. Where a unix socket has mode, owner and group.
import { useState } from 'react';
import type { ClientProfile, SocketSpec } from '../../../shared/profiles/types.ts';
import { FieldError } from './FieldError.tsx';
import type { SocketField } from './socket-errors.ts';

interface Props {
  readonly spec: SocketSpec;
  readonly name: string;
  readonly profiles: readonly string[];
  readonly errors: ReadonlyMap<SocketField | '', string> | undefined;
  change(patch: Partial<SocketSpec>, field: SocketField): void;
}

/** Entries separated by commas or spaces; the text is kept as typed (a trailing comma is not eaten). */
function AllowFrom({ spec, name, errors, change }: Omit<Props, 'profiles'>) {
  const [text, setText] = useState((spec.allowFrom ?? []).join(', '));
  return (
    <label className="tcp-field">
      allow-from
      <input
        aria-label={`allow-from of ${name}`}
        className="mono"
        placeholder="10.0.0.0/8, traefik (empty: any client)"
        value={text}
        aria-invalid={errors?.has('allowFrom') === true}
        onChange={(e) => {
          setText(e.target.value);
          const list = e.target.value.split(/[\s,]+/).filter((s) => s !== '');
          change({ allowFrom: list.length > 0 ? list : undefined }, 'allowFrom');
        }}
      />
      <FieldError text={errors?.get('allowFrom')} />
    </label>
  );
}

const TLS_FIELDS = [
  ['tlsCert', 'tls-cert', '/etc/doxy/server.pem'],
  ['tlsKey', 'tls-key', '/etc/doxy/server-key.pem'],
  ['tlsCa', 'tls-ca', 'CA of client certificates (mutual TLS)'],
] as const;

function ClientMap({ spec, name, profiles, errors, change }: Props) {
  const clients = spec.clients ?? [];
  const set = (next: readonly ClientProfile[]): void =>
    change({ clients: next.length > 0 ? next : undefined }, 'clients');
  return (
    <fieldset className="tcp-clients" aria-label={`client certificates of ${name}`}>
      <legend>Profile by client certificate (CN)</legend>
      {clients.map((c, i) => (
        <div key={i} className="tcp-client">
          <input
            aria-label={`common name ${i + 1} of ${name}`}
            className="mono"
            placeholder="common name"
            value={c.cn}
            onChange={(e) => set(clients.map((x, k) => (k === i ? { ...x, cn: e.target.value } : x)))}
          />
          <select
            aria-label={`profile of common name ${i + 1} of ${name}`}
            value={c.profile}
            onChange={(e) => set(clients.map((x, k) => (k === i ? { ...x, profile: e.target.value } : x)))}
          >
            {profiles.includes(c.profile) ? null : <option value={c.profile}>{c.profile} (missing)</option>}
            {profiles.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="small"
            aria-label={`remove common name ${i + 1} of ${name}`}
            onClick={() => set(clients.filter((_, k) => k !== i))}
          >
            ×
          </button>
        </div>
      ))}
      <button
        type="button"
        className="small"
        onClick={() => set([...clients, { cn: '', profile: profiles[0] ?? spec.profile }])}
      >
        Add client certificate
      </button>
      {clients.length > 0 && (
        <label className="tcp-field">
          other certificates
          <select
            aria-label={`other certificates on ${name}`}
            value={spec.unknownClients ?? 'refuse'}
            onChange={(e) =>
              change(
                { unknownClients: e.target.value === 'socket-profile' ? 'socket-profile' : undefined },
                'unknownClients',
              )
            }
          >
            <option value="refuse">refused</option>
            <option value="socket-profile">get the socket's profile ({spec.profile})</option>
          </select>
        </label>
      )}
      <FieldError text={errors?.get('clients') ?? errors?.get('unknownClients')} />
    </fieldset>
  );
}

export function TcpOptions(props: Props) {
  const { spec, name, errors, change } = props;
  return (
    <div className="tcp-options">
      <AllowFrom spec={spec} name={name} errors={errors} change={change} />
      {TLS_FIELDS.map(([field, label, placeholder]) => (
        <label key={field} className="tcp-field">
          {label}
          <input
            aria-label={`${label} of ${name}`}
            className="mono"
            placeholder={placeholder}
            value={spec[field] ?? ''}
            aria-invalid={errors?.has(field) === true}
            onChange={(e) => change({ [field]: e.target.value === '' ? undefined : e.target.value }, field)}
          />
          <FieldError text={errors?.get(field)} />
        </label>
      ))}
      {spec.tlsCa ? <ClientMap {...props} /> : null}
    </div>
  );
}
