import { useEffect } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { runs } from '../api/endpoints';
import type { Approval } from '../api/types';
import { DecisionPanel } from '../components/DecisionPanel';
import { EmptyState, Loading, Notice, ProblemBanner, StatusPill } from '../components/Status';
import { asText, formatDate, shortId } from '../lib/format';
import { useAsync } from '../lib/useAsync';
import { useInboxStore } from './inboxStore';

function RunContext({ approval }: { approval: Approval }) {
  const run = useAsync((signal) => runs.get(approval.runId, signal), [approval.runId]);
  if (run.loading) return <Loading label="Loading the run…" />;
  if (run.error) return <ProblemBanner problem={run.error} title="Could not load the run" onRetry={run.reload} />;
  const data = run.data;
  if (!data) return null;
  return (
    <section className="card run-context" aria-labelledby="run-context-title" data-testid="run-context">
      <h3 id="run-context-title">Run context</h3>
      <dl className="facts">
        <div>
          <dt>Pipeline</dt>
          <dd>
            {data.pipeline?.name} v{data.pipeline?.version}
          </dd>
        </div>
        <div>
          <dt>Run</dt>
          <dd>
            <Link to={`/runs/${encodeURIComponent(data.runId)}`}>{shortId(data.runId)}</Link> <StatusPill status={data.status} />
          </dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{formatDate(data.startedAt)}</dd>
        </div>
      </dl>
      {data.input !== undefined && (
        <details>
          <summary>Run input</summary>
          <pre className="code-block">{asText(data.input)}</pre>
        </details>
      )}
      <ol className="node-trail" aria-label="Nodes of the run">
        {data.nodes?.map((node) => (
          <li key={node.id} className={node.id === approval.nodeId ? 'current' : undefined}>
            <code>{node.id}</code> <StatusPill status={node.status} />
          </li>
        ))}
      </ol>
    </section>
  );
}

export default function InboxPage() {
  const { approvalId } = useParams();
  const navigate = useNavigate();
  const items = useInboxStore((s) => s.items);
  const loaded = useInboxStore((s) => s.loaded);
  const error = useInboxStore((s) => s.error);
  const refresh = useInboxStore((s) => s.refresh);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  const selected = items.find((item) => item.approvalId === approvalId);

  return (
    <div className="page inbox">
      <div className="page-header">
        <h1>Inbox</h1>
        <span className="muted" aria-live="polite">
          {loaded ? `${items.length} pending` : ''}
        </span>
      </div>
      <div className="split">
        <section className="split-list" aria-label="Pending items">
          {!loaded && <Loading />}
          <ProblemBanner problem={error} onRetry={refresh} title="Could not load your inbox" />
          {loaded && !error && items.length === 0 && (
            <EmptyState title="Nothing to review" testId="inbox-empty">
              When a run reaches a human review assigned to you or your group, it shows up here. This list updates by itself.
            </EmptyState>
          )}
          <ul className="entity-list" data-testid="inbox-list">
            {items.map((item) => (
              <li key={item.approvalId}>
                <Link
                  to={`/inbox/${encodeURIComponent(item.approvalId)}`}
                  className={item.approvalId === approvalId ? 'entity-item active' : 'entity-item'}
                  aria-current={item.approvalId === approvalId ? 'true' : undefined}
                  data-testid={`inbox-item-${item.approvalId}`}
                >
                  <span className="entity-name">{item.title || `Review ${item.nodeId}`}</span>
                  <span className="entity-meta">
                    {item.kind === 'tool_call' ? 'tool call' : 'output'} of <code>{item.nodeId}</code> · {formatDate(item.createdAt)}
                    {item.dueAt ? ` · due ${formatDate(item.dueAt)}` : ''}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
        <section className="split-detail" aria-label="Item">
          {selected ? (
            <article data-testid="inbox-detail">
              <h2>{selected.title || `Review ${selected.nodeId}`}</h2>
              <RunContext approval={selected} />
              <DecisionPanel key={selected.approvalId} approval={selected} onDecided={() => navigate('/inbox', { state: { decided: selected.title } })} />
            </article>
          ) : approvalId && loaded ? (
            <Notice tone="info">This item is no longer pending: it was decided or has expired.</Notice>
          ) : (
            <EmptyState title="Pick an item">Open an item to see its run, the output to approve, and to approve, reject or edit it.</EmptyState>
          )}
        </section>
      </div>
    </div>
  );
}
