import { useState, type FormEvent } from 'react';
import { ApiError, toProblem } from '../api/client';
import { registry } from '../api/endpoints';
import type { FieldError, ProblemDetail, RegistryVersion } from '../api/types';
import { useCatalogStore } from '../canvas/catalogStore';
import { TextField } from '../components/Fields';
import { JsonEditor } from '../components/JsonEditor';
import { Notice, ProblemBanner } from '../components/Status';
import { getPath } from '../lib/paths';
import { routeFormErrors } from '../lib/problemPaths';
import { checkName } from '../lib/validation';
import { EntityForm } from './EntityForm';
import { validateField, type KindSpec } from './kinds';

export interface EditorInitial {
  name: string;
  description: string;
  spec: Record<string, unknown>;
}

/** The form that publishes a new version of an entity (the first one when the name is new). */
export function EntityEditor({
  kind,
  initial,
  isNew,
  latestVersion,
  readOnly,
  onPublished,
}: {
  kind: KindSpec;
  initial: EditorInitial;
  isNew: boolean;
  latestVersion?: number;
  readOnly: boolean;
  onPublished: (version: RegistryVersion, created: boolean) => void;
}) {
  const [name, setName] = useState(initial.name);
  const [description, setDescription] = useState(initial.description);
  const [spec, setSpec] = useState<Record<string, unknown>>(initial.spec);
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<ProblemDetail | null>(null);
  const [result, setResult] = useState<{ version: number; created: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const remember = useCatalogStore((s) => s.remember);

  const fieldPaths = ['name', 'description', ...kind.fields.map((f) => f.path)];
  const errors = { ...serverErrors, ...clientErrors };

  const validate = (): Record<string, string> => {
    const found: Record<string, string> = {};
    if (isNew) {
      const nameError = checkName(name);
      if (nameError) found.name = nameError;
    }
    for (const field of kind.fields) {
      const error = validateField(field, getPath(spec, field.path));
      if (error) found[field.path] = error;
    }
    return found;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setResult(null);
    setProblem(null);
    setServerErrors({});
    const found = validate();
    setClientErrors(found);
    if (Object.keys(found).length) {
      setProblem({ title: 'Fix the highlighted fields', detail: 'Some fields are missing or not valid.' });
      requestAnimationFrame(() => document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    setBusy(true);
    try {
      const body: { name: string; spec: unknown; description?: string } = { name, spec };
      if (description) body.description = description;
      const version = await registry.publish(kind.kind, body);
      const created = version.version !== latestVersion;
      remember({ ...version, kind: kind.kind, name: version.name ?? name, description });
      setResult({ version: version.version, created });
      onPublished(version, created);
    } catch (error) {
      const fieldErrors: FieldError[] = error instanceof ApiError ? error.fieldErrors : [];
      const routed = routeFormErrors(fieldErrors, fieldPaths);
      setServerErrors(routed.byField);
      setProblem({ ...toProblem(error), errors: routed.other });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="entity-editor" onSubmit={submit} noValidate aria-label={`${isNew ? 'New' : 'Edit'} ${kind.singular}`} data-testid="entity-editor">
      {readOnly && <Notice tone="info">You can read but not change the registry (viewer role).</Notice>}
      {isNew && (
        <TextField
          label="Name"
          required
          value={name}
          onChange={(v) => setName(v.trim().toLowerCase())}
          error={errors.name}
          disabled={readOnly}
          hint="Lowercase letters, digits, “.”, “_” or “-”. Publishing again under the same name creates the next version."
          testId="field-name"
          autoFocus
        />
      )}
      <TextField
        label="Description"
        value={description}
        onChange={setDescription}
        error={errors.description}
        disabled={readOnly}
        testId="field-description"
      />
      <EntityForm kind={kind} spec={spec} onChange={setSpec} errors={errors} readOnly={readOnly} />
      <details className="raw-json" open={kind.fields.length <= 1 && kind.kind !== 'prompts'}>
        <summary>Raw JSON (every field of the spec)</summary>
        <JsonEditor
          label="Spec"
          value={spec}
          rows={14}
          readOnly={readOnly}
          testId="field-raw-spec"
          onChange={(value) => {
            if (value && typeof value === 'object' && !Array.isArray(value)) setSpec(value as Record<string, unknown>);
          }}
        />
      </details>
      <ProblemBanner problem={problem} testId="publish-error" />
      {result && (
        <Notice testId="publish-result">
          {result.created ? (
            <>
              Published version {result.version} of <strong>{name}</strong>.
            </>
          ) : (
            <>
              Nothing changed: version {result.version} of <strong>{name}</strong> is still the latest.
            </>
          )}
        </Notice>
      )}
      {!readOnly && (
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="publish">
            {busy ? 'Publishing…' : isNew ? `Publish ${kind.singular}` : 'Publish new version'}
          </button>
          <span className="hint">Versions are immutable: saving creates the next version number.</span>
        </div>
      )}
    </form>
  );
}
