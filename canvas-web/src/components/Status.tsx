import type { ReactNode } from 'react';
import type { ProblemDetail } from '../api/types';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

/** An RFC 9457 problem as a readable message, with its field errors listed. */
export function ProblemBanner({
  problem,
  onRetry,
  title,
  testId = 'problem',
}: {
  problem: ProblemDetail | null | undefined;
  onRetry?: () => void;
  title?: string;
  testId?: string;
}) {
  if (!problem) return null;
  const status = problem.status ? ` (${problem.status})` : '';
  return (
    <div className="banner banner-error" role="alert" data-testid={testId}>
      <div className="banner-body">
        <strong>
          {title ?? problem.title ?? 'Request failed'}
          {status}
        </strong>
        {problem.detail && problem.detail !== problem.title && <p>{problem.detail}</p>}
        {!!problem.errors?.length && (
          <ul className="problem-errors">
            {problem.errors.map((error, index) => (
              <li key={index}>
                {error.path && <code>{error.path}</code>} {error.message}
              </li>
            ))}
          </ul>
        )}
      </div>
      {onRetry && (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Notice({ children, tone = 'success', testId }: { children: ReactNode; tone?: 'success' | 'info' | 'warning'; testId?: string }) {
  return (
    <div className={`banner banner-${tone}`} role="status" aria-live="polite" data-testid={testId}>
      <div className="banner-body">{children}</div>
    </div>
  );
}

export function EmptyState({ title, children, action, testId }: { title: string; children?: ReactNode; action?: ReactNode; testId?: string }) {
  return (
    <div className="empty-state" data-testid={testId}>
      <h3>{title}</h3>
      {children && <div className="empty-text">{children}</div>}
      {action && <div className="empty-action">{action}</div>}
    </div>
  );
}

export function StatusPill({ status }: { status: string }) {
  return (
    <span className={`pill status-${status.toLowerCase()}`} data-status={status}>
      {status.replace(/_/g, ' ').toLowerCase()}
    </span>
  );
}
