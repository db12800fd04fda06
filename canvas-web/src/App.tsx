import { lazy, Suspense, useEffect } from 'react';
import { createBrowserRouter, Link, Navigate, Outlet, RouterProvider, useLocation } from "react-router";
import { useAuthStore, usePermissions } from './auth/authStore';
import { LoginPage } from './auth/LoginPage';
import { Layout } from './components/Layout';
import { Loading } from './components/Status';

const StudioPage = lazy(() => import('./studio/StudioPage'));
const CanvasPage = lazy(() => import('./canvas/CanvasPage'));
const RunsPage = lazy(() => import('./runs/RunsPage'));
const RunPage = lazy(() => import('./runs/RunPage'));
const InboxPage = lazy(() => import('./inbox/InboxPage'));
const SecretsPage = lazy(() => import('./secrets/SecretsPage'));

function RequireAuth() {
  const status = useAuthStore((s) => s.status);
  const restore = useAuthStore((s) => s.restore);
  const me = useAuthStore((s) => s.me);
  const location = useLocation();
  useEffect(() => {
    if (status === 'checking' && !me) void restore();
  }, [status, me, restore]);
  if (status === 'signed-out') return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (!me) return <Loading label="Checking your session…" />;
  return <Outlet />;
}

function Lazy({ children }: { children: React.ReactNode }) {
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    element: <RequireAuth />,
    children: [
      {
        element: <Layout />,
        children: [
          { index: true, element: <Home /> },
          { path: 'studio/:kind?', element: <Lazy><StudioPage /></Lazy> },
          { path: 'studio/:kind/:name', element: <Lazy><StudioPage /></Lazy> },
          { path: 'canvas/:pipeline?', element: <Lazy><CanvasPage /></Lazy> },
          { path: 'runs', element: <Lazy><RunsPage /></Lazy> },
          { path: 'runs/:runId', element: <Lazy><RunPage /></Lazy> },
          { path: 'inbox', element: <Lazy><InboxPage /></Lazy> },
          { path: 'inbox/:approvalId', element: <Lazy><InboxPage /></Lazy> },
          { path: 'secrets', element: <Lazy><SecretsPage /></Lazy> },
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
]);

/** Builders start on the canvas; reviewers and viewers in their inbox. */
function Home() {
  const { canEdit } = usePermissions();
  return <Navigate to={canEdit ? '/canvas' : '/inbox'} replace />;
}

function NotFound() {
  return (
    <div className="page">
      <h1>Page not found</h1>
      <p>
        There is nothing at this address. Go to the <Link to="/canvas">canvas</Link>.
      </p>
    </div>
  );
}

export function App() {
  return <RouterProvider router={router} />;
}
