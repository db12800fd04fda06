import { useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError, toProblem } from '../api/client';
import type { ProblemDetail } from '../api/types';
import { ProblemBanner } from '../components/Status';
import { useAuthStore } from './authStore';

export function LoginPage() {
  const status = useAuthStore((s) => s.status);
  const notice = useAuthStore((s) => s.notice);
  const signIn = useAuthStore((s) => s.signIn);
  const navigate = useNavigate();
  const location = useLocation();
  const [token, setToken] = useState('');
  const [problem, setProblem] = useState<ProblemDetail | null>(null);
  const [busy, setBusy] = useState(false);
  const from = (location.state as { from?: string } | null)?.from ?? '/';

  if (status === 'signed-in') return <Navigate to={from} replace />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!token.trim()) {
      setProblem({ title: 'Enter your API token' });
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await signIn(token);
      navigate(from, { replace: true });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        setProblem({ title: 'This token was not accepted', detail: 'Check that you copied the whole token, or ask an admin for a new one.', status: 401 });
      } else {
        setProblem(toProblem(error));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login" id="main">
      <form className="login-card" onSubmit={submit} aria-labelledby="login-title" data-testid="login-form">
        <div className="brand brand-large" aria-hidden="true">
          <span className="brand-mark" />
          Trellis
        </div>
        <h1 id="login-title">Sign in</h1>
        <p className="muted">Paste the API token an admin gave you. It stays in this browser tab only.</p>
        {notice && !problem && <div className="banner banner-info" role="status">{notice}</div>}
        <ProblemBanner problem={problem} testId="login-error" />
        <div className="field">
          <label htmlFor="token">API token</label>
          <input
            id="token"
            type="password"
            autoComplete="current-password"
            value={token}
            autoFocus
            data-testid="login-token"
            onChange={(event) => setToken(event.target.value)}
          />
        </div>
        <button type="submit" className="btn btn-primary btn-block" disabled={busy} data-testid="login-submit">
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="hint">Single sign-on will come later; for now every user signs in with a token.</p>
      </form>
    </main>
  );
}
