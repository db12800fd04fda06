import { useEffect, useState } from 'react';
import { registry } from '../api/endpoints';
import type { RegistryKind, RegistryVersion } from '../api/types';
import { DiffView } from '../components/DiffView';
import { Loading, ProblemBanner } from '../components/Status';
import { canonicalJson } from '../lib/diff';
import { useAsync } from '../lib/useAsync';

interface Change {
  op: string;
  path: string;
  from?: unknown;
  to?: unknown;
}

/** Reads the server's structured diff whatever its exact shape: a list of changes, or under a key. */
export function normaliseDiff(body: unknown): Change[] | null {
  const list = Array.isArray(body)
    ? body
    : body && typeof body === 'object'
      ? ['changes', 'operations', 'diff', 'ops', 'items']
          .map((key) => (body as Record<string, unknown>)[key])
          .find((value) => Array.isArray(value))
      : undefined;
  if (!Array.isArray(list)) return null;
  return list.map((raw) => {
    const entry = (raw ?? {}) as Record<string, unknown>;
    const pick = (...keys: string[]) => keys.map((k) => entry[k]).find((v) => v !== undefined);
    return {
      op: String(pick('op', 'type', 'kind', 'change') ?? 'change'),
      path: String(pick('path', 'pointer', 'field', 'key') ?? ''),
      from: pick('from', 'old', 'before', 'oldValue', 'left'),
      to: pick('to', 'new', 'after', 'newValue', 'value', 'right'),
    };
  });
}

const show = (value: unknown) => (value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value));

export function VersionDiff({ kind, name, versions }: { kind: RegistryKind; name: string; versions: RegistryVersion[] }) {
  const numbers = versions.map((v) => v.version).sort((a, b) => a - b);
  const newest = numbers[numbers.length - 1];
  const [from, setFrom] = useState<number>(numbers[numbers.length - 2] ?? newest);
  const [to, setTo] = useState<number>(newest);
  useEffect(() => {
    setFrom(numbers[numbers.length - 2] ?? newest);
    setTo(newest);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [name, newest]);

  const server = useAsync((signal) => registry.diff(kind, name, from, to, signal), [kind, name, from, to]);
  const specOf = (n: number) => versions.find((v) => v.version === n)?.spec;
  const changes = server.data !== undefined ? normaliseDiff(server.data) : null;

  if (numbers.length < 2) {
    return <p className="muted">Only one version so far: publish another to compare.</p>;
  }
  return (
    <section aria-label="Compare versions" data-testid="version-diff">
      <div className="toolbar-row">
        <label>
          From{' '}
          <select value={from} onChange={(e) => setFrom(Number(e.target.value))} data-testid="diff-from">
            {numbers.map((n) => (
              <option key={n} value={n}>
                v{n}
              </option>
            ))}
          </select>
        </label>
        <label>
          to{' '}
          <select value={to} onChange={(e) => setTo(Number(e.target.value))} data-testid="diff-to">
            {numbers.map((n) => (
              <option key={n} value={n}>
                v{n}
              </option>
            ))}
          </select>
        </label>
      </div>
      <h3 className="section-title">Server diff</h3>
      {server.loading && <Loading label="Loading the diff…" />}
      <ProblemBanner problem={server.error} title="The server could not compute the diff" />
      {!server.loading && !server.error && changes && (
        changes.length ? (
          <table className="table diff-table" data-testid="server-diff">
            <thead>
              <tr>
                <th scope="col">Change</th>
                <th scope="col">Path</th>
                <th scope="col">v{from}</th>
                <th scope="col">v{to}</th>
              </tr>
            </thead>
            <tbody>
              {changes.map((change, index) => (
                <tr key={index} className={`change-${change.op}`}>
                  <td>{change.op}</td>
                  <td>
                    <code>{change.path}</code>
                  </td>
                  <td className="mono cell-wrap">{show(change.from)}</td>
                  <td className="mono cell-wrap">{show(change.to)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">No differences.</p>
        )
      )}
      {!server.loading && !server.error && server.data !== undefined && !changes && (
        <pre className="code-block" data-testid="server-diff">{JSON.stringify(server.data, null, 2)}</pre>
      )}
      <h3 className="section-title">Line diff of the specs</h3>
      <DiffView label={`v${from} → v${to}`} before={canonicalJson(specOf(from))} after={canonicalJson(specOf(to))} testId="line-diff" />
    </section>
  );
}
