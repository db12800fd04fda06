import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { toProblem } from '../api/client';
import { runs } from '../api/endpoints';
import type { ProblemDetail, Run } from '../api/types';
import { useCatalogStore } from '../canvas/catalogStore';
import { EmptyState, Loading, ProblemBanner, StatusPill } from '../components/Status';
import { elapsedBetween, formatDate, formatElapsed, shortId } from '../lib/format';

const STATUSES = ['RUNNING', 'WAITING_FOR_APPROVAL', 'PAUSED', 'COMPLETED', 'FAILED', 'CANCELLED', 'TIMED_OUT'];

export default function RunsPage() {
  const [search, setSearch] = useSearchParams();
  const pipeline = search.get('pipeline') ?? '';
  const status = search.get('status') ?? '';
  const [items, setItems] = useState<Run[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<ProblemDetail | null>(null);
  const [tick, setTick] = useState(0);
  const pipelines = useCatalogStore((s) => s.latest.pipelines);
  const loadCatalog = useCatalogStore((s) => s.load);
  useEffect(() => {
    void loadCatalog('pipelines');
  }, [loadCatalog]);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setProblem(null);
    runs
      .list({ pipeline, status }, controller.signal)
      .then((page) => {
        setItems(page.items);
        setCursor(page.nextCursor ?? null);
      })
      .catch((error) => !controller.signal.aborted && setProblem(toProblem(error)))
      .finally(() => !controller.signal.aborted && setLoading(false));
    return () => controller.abort();
  }, [pipeline, status, tick]);

  // While some listed run is still going, refresh the page of runs every few seconds.
  const anyLive = items.some((run) => !['COMPLETED', 'FAILED', 'CANCELLED', 'TIMED_OUT'].includes(run.status));
  useEffect(() => {
    if (!anyLive || cursor) return;
    const timer = setTimeout(() => setTick((t) => t + 1), 5000);
    return () => clearTimeout(timer);
  }, [anyLive, cursor, items]);

  const more = async () => {
    if (!cursor) return;
    setLoading(true);
    try {
      const page = await runs.list({ pipeline, status, cursor });
      setItems((current) => [...current, ...page.items]);
      setCursor(page.nextCursor ?? null);
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setLoading(false);
    }
  };

  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    setSearch(next);
  };

  return (
    <div className="page">
      <div className="page-header">
        <h1>Runs</h1>
        <button type="button" className="btn btn-small" onClick={() => setTick((t) => t + 1)}>
          Refresh
        </button>
      </div>
      <form className="filters" role="search" aria-label="Filter runs" onSubmit={(e) => e.preventDefault()}>
        <label>
          Pipeline{' '}
          <select value={pipeline} onChange={(e) => setFilter('pipeline', e.target.value)} data-testid="runs-filter-pipeline">
            <option value="">All pipelines</option>
            {Array.from(new Set([...Object.keys(pipelines ?? {}), ...(pipeline ? [pipeline] : [])]))
              .sort()
              .map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
          </select>
        </label>
        <label>
          Status{' '}
          <select value={status} onChange={(e) => setFilter('status', e.target.value)} data-testid="runs-filter-status">
            <option value="">Any status</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.replace(/_/g, ' ').toLowerCase()}
              </option>
            ))}
          </select>
        </label>
      </form>
      <ProblemBanner problem={problem} onRetry={() => setTick((t) => t + 1)} title="Could not load runs" />
      {loading && !items.length && !problem && <Loading label="Loading runs…" />}
      {!loading && !problem && items.length === 0 && (
        <EmptyState title={pipeline || status ? 'No runs match these filters' : 'No runs yet'} testId="runs-empty">
          {pipeline || status ? 'Clear a filter to see more.' : (
            <>
              Open a pipeline on the <Link to="/canvas">canvas</Link> and press Run.
            </>
          )}
        </EmptyState>
      )}
      {items.length > 0 && (
        <table className="table" data-testid="runs-table">
          <thead>
            <tr>
              <th scope="col">Run</th>
              <th scope="col">Pipeline</th>
              <th scope="col">Status</th>
              <th scope="col">Started</th>
              <th scope="col">Duration</th>
            </tr>
          </thead>
          <tbody>
            {items.map((run) => (
              <tr key={run.runId}>
                <td>
                  <Link to={`/runs/${encodeURIComponent(run.runId)}`} data-testid={`run-link-${run.runId}`}>
                    <code>{shortId(run.runId)}</code>
                  </Link>
                </td>
                <td>
                  {run.pipeline?.name} <span className="muted">v{run.pipeline?.version}</span>
                </td>
                <td>
                  <StatusPill status={run.status} />
                </td>
                <td>{formatDate(run.startedAt)}</td>
                <td>{formatElapsed(elapsedBetween(run.startedAt, run.endedAt))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cursor && (
        <button type="button" className="btn" onClick={more} disabled={loading}>
          {loading ? 'Loading…' : 'Load more'}
        </button>
      )}
    </div>
  );
}
