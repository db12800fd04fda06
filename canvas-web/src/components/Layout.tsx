import { useEffect } from 'react';
import { NavLink, Outlet } from 'react-router';
import { useAuthStore, usePermissions } from '../auth/authStore';
import { startInboxPolling, useInboxStore } from '../inbox/inboxStore';

function InboxBadge() {
  const count = useInboxStore((s) => s.items.length);
  if (!count) return null;
  return (
    <span className="badge" data-testid="inbox-badge" aria-label={`${count} pending`}>
      {count}
    </span>
  );
}

export function Layout() {
  const me = useAuthStore((s) => s.me);
  const signOut = useAuthStore((s) => s.signOut);
  const permissions = usePermissions();

  useEffect(() => startInboxPolling(), []);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <NavLink to="/canvas" className="brand" aria-label="Trellis home">
          <span className="brand-mark" aria-hidden="true" />
          Trellis
        </NavLink>
        <nav aria-label="Main">
          <NavLink to="/studio" data-testid="nav-studio">
            Studio
          </NavLink>
          <NavLink to="/canvas" data-testid="nav-canvas">
            Canvas
          </NavLink>
          <NavLink to="/runs" end={false} data-testid="nav-runs">
            Runs
          </NavLink>
          <NavLink to="/inbox" data-testid="nav-inbox">
            Inbox <InboxBadge />
          </NavLink>
          <NavLink to="/secrets" data-testid="nav-secrets">
            Secrets
          </NavLink>
        </nav>
        <div className="topbar-user">
          {!permissions.canEdit && !permissions.canReview && <span className="pill pill-muted">read-only</span>}
          <span className="user" data-testid="current-user" title={me?.groups?.length ? `groups: ${me.groups.join(', ')}` : undefined}>
            {me?.username}
            {me?.roles?.length ? <span className="muted"> · {me.roles.join(', ')}</span> : null}
          </span>
          <button
            type="button"
            className="btn btn-ghost btn-small"
            onClick={() => {
              useInboxStore.getState().reset();
              signOut();
            }}
            data-testid="sign-out"
          >
            Sign out
          </button>
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
