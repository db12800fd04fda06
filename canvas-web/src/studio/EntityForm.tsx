import { useEffect, useMemo, useState } from 'react';
import { secrets as secretsApi } from '../api/endpoints';
import { JsonEditor } from '../components/JsonEditor';
import { NumberField, SelectField, TextAreaField, TextField } from '../components/Fields';
import { RefListPicker, RefPicker, type Ref } from '../components/RefPicker';
import { getPath, setPath } from '../lib/paths';
import type { FieldSpec, KindSpec } from './kinds';

/** The fields of one entity kind, bound to a spec object; errors are keyed by field path. */
export function EntityForm({
  spec,
  kind,
  onChange,
  errors,
  readOnly,
}: {
  spec: Record<string, unknown>;
  kind: KindSpec;
  onChange: (spec: Record<string, unknown>) => void;
  errors: Record<string, string>;
  readOnly: boolean;
}) {
  const needsSecrets = kind.fields.some((f) => f.kind === 'secret');
  const [secretNames, setSecretNames] = useState<string[]>([]);
  useEffect(() => {
    if (!needsSecrets) return;
    const controller = new AbortController();
    secretsApi
      .list(controller.signal)
      .then((list) => setSecretNames(list.map((s) => s.name)))
      .catch(() => setSecretNames([]));
    return () => controller.abort();
  }, [needsSecrets]);
  const datalistId = useMemo(() => `secrets-${kind.kind}`, [kind.kind]);

  const field = (f: FieldSpec) => {
    const value = getPath(spec, f.path);
    const set = (next: unknown) => onChange(setPath(spec, f.path, next));
    const common = { label: f.label, required: f.required, disabled: readOnly, error: errors[f.path], hint: f.hint, testId: `field-${f.path}` };
    switch (f.kind) {
      case 'text':
      case 'url':
      case 'duration':
        return (
          <TextField
            key={f.path}
            {...common}
            type={f.kind === 'url' ? 'url' : 'text'}
            placeholder={f.placeholder}
            value={typeof value === 'string' ? value : value === undefined ? '' : String(value)}
            onChange={(v) => set(v === '' ? undefined : v)}
          />
        );
      case 'secret':
        return (
          <div key={f.path}>
            <TextField
              {...common}
              list={datalistId}
              placeholder={f.placeholder}
              value={typeof value === 'string' ? value : ''}
              onChange={(v) => set(v === '' ? undefined : v)}
            />
            <datalist id={datalistId}>
              {secretNames.map((name) => (
                <option key={name} value={`secret://${name}`} />
              ))}
            </datalist>
          </div>
        );
      case 'textarea':
        return (
          <TextAreaField
            key={f.path}
            {...common}
            rows={f.rows}
            placeholder={f.placeholder}
            monospace={f.path === 'template'}
            value={typeof value === 'string' ? value : ''}
            onChange={(v) => set(v === '' && !f.required ? undefined : v)}
          />
        );
      case 'number':
      case 'integer':
        return (
          <NumberField
            key={f.path}
            {...common}
            min={f.min}
            max={f.max}
            step={f.kind === 'integer' ? 1 : 'any'}
            value={typeof value === 'number' ? value : undefined}
            onChange={set}
          />
        );
      case 'select':
        return (
          <SelectField
            key={f.path}
            {...common}
            options={f.options ?? []}
            placeholder={f.required ? undefined : '—'}
            value={typeof value === 'string' ? value : ''}
            onChange={(v) => set(v === '' ? undefined : v)}
          />
        );
      case 'json':
        return (
          <JsonEditor
            key={f.path}
            label={f.label}
            rows={f.rows}
            readOnly={readOnly}
            value={value}
            error={errors[f.path]}
            hint={f.hint}
            testId={`field-${f.path}`}
            onChange={(v) => set(v === null ? undefined : v)}
          />
        );
      case 'ref':
        return (
          <RefPicker
            key={f.path}
            label={f.label}
            kind={f.refKind!}
            required={f.required}
            disabled={readOnly}
            error={errors[f.path]}
            value={value as Ref | undefined}
            testId={`field-${f.path}`}
            onChange={set}
          />
        );
      case 'refs':
        return (
          <RefListPicker
            key={f.path}
            label={f.label}
            kind={f.refKind!}
            disabled={readOnly}
            error={errors[f.path]}
            hint={f.hint}
            value={value as Ref[] | undefined}
            testId={`field-${f.path}`}
            onChange={set}
          />
        );
      default:
        return null;
    }
  };

  return <div className="form-grid">{kind.fields.map(field)}</div>;
}
