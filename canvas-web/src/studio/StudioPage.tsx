import { useMemo, useState } from 'react';
import { Link, Navigate, useNavigate, useParams, useSearchParams } from 'react-router';
import { registry } from '../api/endpoints';
import { usePermissions } from '../auth/authStore';
import { EmptyState, Loading, ProblemBanner } from '../components/Status';
import { formatDate } from '../lib/format';
import { useAsync } from '../lib/useAsync';
import { EntityDetail } from './EntityDetail';
import { EntityEditor } from './EntityEditor';
import { kindSpec, STUDIO_KINDS } from './kinds';

export default function StudioPage() {
  const params = useParams();
  const [search, setSearch] = useSearchParams();
  const navigate = useNavigate();
  const { canEdit } = usePermissions();
  const kind = kindSpec(params.kind);
  const [filter, setFilter] = useState('');
  const list = useAsync(kind ? (signal) => registry.latest(kind.kind, signal) : null, [kind?.kind]);
  const creating = search.get('new') === '1';

  const entries = useMemo(
    () => (list.data ?? []).filter((e) => e.name.toLowerCase().includes(filter.toLowerCase())).sort((a, b) => a.name.localeCompare(b.name)),
    [list.data, filter],
  );

  if (!kind) return <Navigate to="/studio/agents" replace />;

  return (
    <div className="page studio">
      <div className="page-header">
        <h1>Config Studio</h1>
      </div>
      <nav className="tabs" aria-label="Entity kinds">
        {STUDIO_KINDS.map((k) => (
          <Link
            key={k.kind}
            to={`/studio/${k.kind}`}
            className={k.kind === kind.kind ? 'tab active' : 'tab'}
            aria-current={k.kind === kind.kind ? 'page' : undefined}
            data-testid={`studio-tab-${k.kind}`}
          >
            {k.label}
          </Link>
        ))}
      </nav>
      <div className="split">
        <section className="split-list" aria-labelledby="entity-list-title">
          <div className="list-header">
            <h2 id="entity-list-title">{kind.label}</h2>
            {canEdit && (
              <button
                type="button"
                className="btn btn-primary btn-small"
                data-testid="new-entity"
                onClick={() => navigate(`/studio/${kind.kind}?new=1`)}
              >
                New {kind.singular}
              </button>
            )}
          </div>
          <label className="sr-only" htmlFor="entity-filter">
            Filter {kind.label}
          </label>
          <input
            id="entity-filter"
            type="search"
            placeholder={`Filter ${kind.label.toLowerCase()}…`}
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
          />
          {list.loading && !list.data && <Loading />}
          <ProblemBanner problem={list.error} onRetry={list.reload} title={`Could not load ${kind.label.toLowerCase()}`} />
          {list.data && entries.length === 0 && (
            <EmptyState title={filter ? 'Nothing matches' : `No ${kind.label.toLowerCase()} yet`} testId="entity-empty">
              {filter ? 'Try another filter.' : kind.blurb}
              {!filter && canEdit && <p>Use “New {kind.singular}” to publish the first one.</p>}
            </EmptyState>
          )}
          <ul className="entity-list" data-testid="entity-list">
            {entries.map((entry) => (
              <li key={entry.name}>
                <Link
                  to={`/studio/${kind.kind}/${encodeURIComponent(entry.name)}`}
                  className={params.name === entry.name ? 'entity-item active' : 'entity-item'}
                  aria-current={params.name === entry.name ? 'true' : undefined}
                  data-testid={`entity-${entry.name}`}
                >
                  <span className="entity-name">
                    {entry.name} <span className="pill">v{entry.version}</span>
                    {entry.deprecated && <span className="pill pill-warning"> deprecated</span>}
                  </span>
                  <span className="entity-meta">
                    {entry.createdBy ?? 'unknown'} · {formatDate(entry.createdAt)}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
        <section className="split-detail" aria-label="Details">
          {creating ? (
            <div>
              <h2>New {kind.singular}</h2>
              <p className="muted">{kind.blurb}</p>
              <EntityEditor
                key={`new-${kind.kind}`}
                kind={kind}
                isNew
                readOnly={!canEdit}
                initial={{ name: '', description: '', spec: structuredClone(kind.starter) }}
                onPublished={(version) => {
                  list.reload();
                  setSearch({});
                  navigate(`/studio/${kind.kind}/${encodeURIComponent(version.name)}`, { state: { published: version.version } });
                }}
              />
            </div>
          ) : params.name ? (
            <EntityDetail kind={kind} name={params.name} readOnly={!canEdit} onPublished={list.reload} />
          ) : (
            <EmptyState title={`Pick ${kind.singular === 'agent' ? 'an' : 'a'} ${kind.singular}`}>
              <p>{kind.blurb}</p>
              <p>Choose one on the left to see its versions and compare them{canEdit ? `, or create a new ${kind.singular}` : ''}.</p>
            </EmptyState>
          )}
        </section>
      </div>
    </div>
  );
}
