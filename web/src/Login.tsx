// Shown when the browser has no session: the way in is the URL doxy printed, or its token pasted here.
export function Login() {
  return (
    <main className="login card">
      <h1>doxy admin</h1>
      <p>
        This browser is not logged in. Open the URL doxy printed when it started, which looks like{' '}
        <code>http://127.0.0.1:7080/?token=…</code>, or paste the token:
      </p>
      <form method="get" action="/">
        <input name="token" type="password" aria-label="Admin token" autoComplete="off" required />
        <button type="submit" className="primary">
          Log in
        </button>
      </form>
      <p className="hint">
        The token is in doxy's output, or set with <code>--admin-token</code> / <code>DOXY_ADMIN_TOKEN</code>. Whoever
        has it can change what the Docker socket allows.
      </p>
    </main>
  );
}
