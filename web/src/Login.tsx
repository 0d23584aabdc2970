// Shown when the browser has no session: the way in is the URL doxy printed, or its token pasted here. A pasted token
// is tried first, so that a wrong one is said in the form instead of leading to the server's plain-text 401 page.
import { useState, type FormEvent } from 'react';

/** Whether the admin API takes `token` (any authenticated read will do: the presets are small and static). */
async function tokenWorks(token: string): Promise<boolean | string> {
  try {
    const res = await fetch('/api/presets', {
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
    });
    return res.ok ? true : res.status === 401 ? false : `doxy answered HTTP ${res.status}`;
  } catch (error) {
    return `doxy is not reachable (${error instanceof Error ? error.message : String(error)})`;
  }
}

export function Login() {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    const works = await tokenWorks(token.trim());
    setBusy(false);
    if (works === true) {
      // The server sets the session cookie and redirects to `/`, taking the token out of the address bar.
      window.location.assign(`/?token=${encodeURIComponent(token.trim())}`);
      return;
    }
    setError(works === false ? 'Wrong admin token: doxy did not accept it. Check it against doxy’s output.' : works);
  };
  return (
    <main className="login card">
      <h1>doxy admin</h1>
      <p>
        This browser is not logged in. Open the URL doxy printed when it started, which looks like{' '}
        <code>http://127.0.0.1:7080/?token=…</code>, or paste the token:
      </p>
      <form method="get" action="/" onSubmit={(e) => void submit(e)}>
        <input
          name="token"
          type="password"
          aria-label="Admin token"
          autoComplete="off"
          required
          value={token}
          aria-invalid={error !== null}
          aria-describedby={error === null ? undefined : 'login-error'}
          onChange={(e) => {
            setToken(e.target.value);
            setError(null);
          }}
        />
        <button type="submit" className="primary" disabled={busy}>
          Log in
        </button>
      </form>
      {error !== null && (
        <p id="login-error" className="field-error" role="alert">
          {error}
        </p>
      )}
      <p className="hint">
        The token is in doxy's output, or set with <code>--admin-token</code> / <code>DOXY_ADMIN_TOKEN</code>. Whoever
        has it can change what the Docker socket allows.
      </p>
    </main>
  );
}
