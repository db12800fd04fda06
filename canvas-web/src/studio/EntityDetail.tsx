import { useEffect, useState } from 'react';
import { useLocation } from 'react-router';
import { registry } from '../api/endpoints';
import type { RegistryVersion } from '../api/types';
import { Loading, Notice, ProblemBanner } from '../components/Status';
import { formatDate } from '../lib/format';
import { useAsync } from '../lib/useAsync';
import { EntityEditor } from './EntityEditor';
import type { KindSpec } from './kinds';
import { VersionDiff } from './VersionDiff';

type View = 'edit' | 'history' | 'diff';

export function EntityDetail({ kind, name, readOnly, onPublished }: { kind: KindSpec; name: string; readOnly: boolean; onPublished: () => void }) {
  const versions = useAsync((signal) => registry.versions(kind.kind, name, signal), [kind.kind, name]);
  const [view, setView] = useState<View>('edit');
  const [shown, setShown] = useState<number | null>(null);
  const location = useLocation();
  const justCreated = (location.state as { published?: number } | null)?.published;
  useEffect(() => {
    setView('edit');
    setShown(null);
  }, [kind.kind, name]);

  if (versions.loading && !versions.data) return <Loading label={`Loading ${name}…`} />;
  if (versions.error) return <ProblemBanner problem={versions.error} onRetry={versions.reload} title={`Could not load ${name}`} />;
  const list = [...(versions.data ?? [])].sort((a, b) => b.version - a.version);
  const latest = list[0];
  if (!latest) return <ProblemBanner problem={{ title: `${name} has no versions` }} />;
  const selected = list.find((v) => v.version === shown) ?? latest;

  const published = (version: RegistryVersion) => {
    if (version.version !== latest.version) {
      versions.reload();
      onPublished();
    }
  };

  return (
    <article className="entity-detail" aria-labelledby="entity-title" data-testid="entity-detail">
      <header className="detail-header">
        <div>
          <h2 id="entity-title">
            {name} <span className="pill">v{latest.version}</span>
          </h2>
          <p className="muted">
            {latest.description ? `${latest.description} · ` : ''}latest by {latest.createdBy ?? 'unknown'} on {formatDate(latest.createdAt)}
          </p>
        </div>
        <div className="segmented" role="tablist" aria-label="Entity views">
          {(['edit', 'history', 'diff'] as View[]).map((v) => (
            <button
              key={v}
              type="button"
              role="tab"
              aria-selected={view === v}
              className={view === v ? 'active' : ''}
              onClick={() => setView(v)}
              data-testid={`entity-view-${v}`}
            >
              {v === 'edit' ? (readOnly ? 'Spec' : 'Edit') : v === 'history' ? `History (${list.length})` : 'Diff'}
            </button>
          ))}
        </div>
      </header>
      {justCreated !== undefined && justCreated === latest.version && list.length === 1 && (
        <Notice testId="publish-result">
          Published version {justCreated} of <strong>{name}</strong>.
        </Notice>
      )}
      {view === 'edit' && (
        <EntityEditor
          key={name}
          kind={kind}
          isNew={false}
          latestVersion={latest.version}
          readOnly={readOnly}
          initial={{ name, description: latest.description ?? '', spec: (latest.spec ?? {}) as Record<string, unknown> }}
          onPublished={published}
        />
      )}
      {view === 'history' && (
        <div className="history">
          <table className="table" data-testid="version-history">
            <caption className="sr-only">Versions of {name}, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Author</th>
                <th scope="col">Date</th>
                <th scope="col">Digest</th>
              </tr>
            </thead>
            <tbody>
              {list.map((v) => (
                <tr key={v.version} className={v.version === selected.version ? 'row-selected' : undefined}>
                  <td>
                    <button type="button" className="link-button" onClick={() => setShown(v.version)} aria-pressed={v.version === selected.version}>
                      v{v.version}
                    </button>
                    {v.deprecated && <span className="pill pill-warning">deprecated</span>}
                  </td>
                  <td>{v.createdBy ?? '—'}</td>
                  <td>{formatDate(v.createdAt)}</td>
                  <td>
                    <code title={v.digest}>{v.digest ? `${v.digest.slice(0, 19)}…` : '—'}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3 className="section-title">Spec of v{selected.version}</h3>
          <pre className="code-block" tabIndex={0} aria-label={`Spec of version ${selected.version}`}>
            {JSON.stringify(selected.spec, null, 2)}
          </pre>
        </div>
      )}
      {view === 'diff' && <VersionDiff kind={kind.kind} name={name} versions={list} />}
    </article>
  );
}
