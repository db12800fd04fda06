import { useEffect, useId } from 'react';
import type { RegistryKind } from '../api/types';
import { useCatalogStore } from '../canvas/catalogStore';

export interface Ref {
  name: string;
  version: number | 'latest';
}

/** Picks an entity of a registry kind and pins one of its versions (newest by default). */
export function RefPicker({
  label,
  kind,
  value,
  onChange,
  required,
  disabled,
  error,
  testId,
}: {
  label: string;
  kind: RegistryKind;
  value: Ref | undefined;
  onChange: (value: Ref | undefined) => void;
  required?: boolean;
  disabled?: boolean;
  error?: string | null;
  testId?: string;
}) {
  const id = useId();
  const entries = useCatalogStore((s) => s.latest[kind]);
  const loading = useCatalogStore((s) => s.loading[kind]);
  const loadError = useCatalogStore((s) => s.errors[kind]);
  const load = useCatalogStore((s) => s.load);
  useEffect(() => {
    void load(kind);
  }, [kind, load]);

  const names = Object.keys(entries ?? {}).sort();
  if (value?.name && !names.includes(value.name)) names.unshift(value.name);
  const latest = value?.name ? entries?.[value.name]?.version : undefined;
  const versions: number[] = [];
  const top = Math.max(latest ?? 0, typeof value?.version === 'number' ? value.version : 0);
  for (let v = top; v >= 1 && versions.length < 50; v -= 1) versions.push(v);
  const message = error ?? (loadError ? `Could not load ${kind}: ${loadError.title ?? 'error'}` : null);

  return (
    <fieldset className={`field ref-picker${message ? ' field-invalid' : ''}`} data-testid={testId}>
      <legend>
        {label}
        {required && <span className="required" aria-hidden="true"> *</span>}
      </legend>
      <div className="ref-row">
        <label className="sr-only" htmlFor={`${id}-name`}>
          {label} name
        </label>
        <select
          id={`${id}-name`}
          value={value?.name ?? ''}
          disabled={disabled}
          aria-invalid={!!message}
          data-testid={testId ? `${testId}-name` : undefined}
          onChange={(event) => {
            const name = event.target.value;
            if (!name) return onChange(undefined);
            onChange({ name, version: entries?.[name]?.version ?? 'latest' });
          }}
        >
          <option value="">{loading && !entries ? 'Loading…' : names.length ? `Choose…` : `No ${kind} yet`}</option>
          {names.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
        <label className="sr-only" htmlFor={`${id}-version`}>
          {label} version
        </label>
        <select
          id={`${id}-version`}
          className="version-select"
          value={String(value?.version ?? 'latest')}
          disabled={disabled || !value?.name}
          data-testid={testId ? `${testId}-version` : undefined}
          onChange={(event) =>
            value && onChange({ ...value, version: event.target.value === 'latest' ? 'latest' : Number(event.target.value) })
          }
        >
          <option value="latest">latest</option>
          {versions.map((v) => (
            <option key={v} value={v}>
              v{v}
              {v === latest ? ' (latest)' : ''}
            </option>
          ))}
        </select>
      </div>
      {message && <div className="field-error" role="alert">{message}</div>}
    </fieldset>
  );
}

/** Several pinned references (an agent's tools), as a checklist. */
export function RefListPicker({
  label,
  kind,
  value,
  onChange,
  disabled,
  error,
  hint,
  testId,
}: {
  label: string;
  kind: RegistryKind;
  value: Ref[] | undefined;
  onChange: (value: Ref[]) => void;
  disabled?: boolean;
  error?: string | null;
  hint?: string;
  testId?: string;
}) {
  const entries = useCatalogStore((s) => s.latest[kind]);
  const load = useCatalogStore((s) => s.load);
  useEffect(() => {
    void load(kind);
  }, [kind, load]);
  const selected = value ?? [];
  const names = Array.from(new Set([...Object.keys(entries ?? {}), ...selected.map((r) => r.name)])).sort();
  return (
    <fieldset className={`field${error ? ' field-invalid' : ''}`} data-testid={testId}>
      <legend>{label}</legend>
      {names.length === 0 && <div className="hint">No {kind} in the registry yet.</div>}
      <div className="checklist">
        {names.map((name) => {
          const current = selected.find((r) => r.name === name);
          const latest = entries?.[name]?.version;
          return (
            <label key={name} className="check-item">
              <input
                type="checkbox"
                checked={!!current}
                disabled={disabled}
                onChange={(event) =>
                  onChange(
                    event.target.checked
                      ? [...selected, { name, version: latest ?? 'latest' }]
                      : selected.filter((r) => r.name !== name),
                  )
                }
              />
              {name}
              <span className="muted"> {current ? `v${current.version}` : latest ? `v${latest}` : ''}</span>
            </label>
          );
        })}
      </div>
      {hint && !error && <div className="hint">{hint}</div>}
      {error && <div className="field-error" role="alert">{error}</div>}
    </fieldset>
  );
}
