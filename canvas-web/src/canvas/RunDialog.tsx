import { useMemo, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { toProblem } from '../api/client';
import { runs } from '../api/endpoints';
import type { ProblemDetail } from '../api/types';
import { CheckboxField, NumberField, TextAreaField, TextField } from '../components/Fields';
import { Modal } from '../components/Modal';
import { Notice, ProblemBanner } from '../components/Status';
import { newIdempotencyKey } from '../lib/format';
import type { InputSpec } from './definition';

type Values = Record<string, unknown>;

/** Turns the form's values into the run input, checking required fields and JSON. */
export function buildRunInput(inputs: Record<string, InputSpec>, values: Values): { input: Values; errors: Record<string, string> } {
  const input: Values = {};
  const errors: Record<string, string> = {};
  for (const [name, spec] of Object.entries(inputs)) {
    const raw = values[name];
    const type = spec.type ?? 'string';
    const empty = raw === undefined || raw === '';
    if (empty) {
      if (type === 'boolean') input[name] = false;
      else if (spec.required) errors[name] = `${name} is required.`;
      continue;
    }
    if (type === 'object' || type === 'array') {
      try {
        input[name] = JSON.parse(String(raw));
      } catch {
        errors[name] = 'Enter valid JSON.';
      }
    } else if (type === 'integer' && !Number.isInteger(raw)) {
      errors[name] = 'Enter a whole number.';
    } else {
      input[name] = raw;
    }
  }
  return { input, errors };
}

export function RunDialog({
  open,
  onClose,
  pipeline,
  version,
  inputs,
  dirty,
}: {
  open: boolean;
  onClose: () => void;
  pipeline: string;
  version: number | null;
  inputs: Record<string, InputSpec>;
  dirty: boolean;
}) {
  const navigate = useNavigate();
  const [values, setValues] = useState<Values>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<ProblemDetail | null>(null);
  const [busy, setBusy] = useState(false);
  // One key per dialog opening: a double click or a retry after a network error never starts two runs.
  const idempotencyKey = useMemo(() => newIdempotencyKey(), [open]); // eslint-disable-line react-hooks/exhaustive-deps
  const entries = Object.entries(inputs);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const built = buildRunInput(inputs, values);
    setErrors(built.errors);
    if (Object.keys(built.errors).length) return;
    setBusy(true);
    setProblem(null);
    try {
      const started = await runs.start({ pipeline, ...(version ? { version } : {}), input: built.input, idempotencyKey });
      onClose();
      navigate(`/runs/${encodeURIComponent(started.runId)}`, { state: { links: started.links } });
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} onClose={onClose} title={`Run ${pipeline}${version ? ` v${version}` : ''}`} testId="run-dialog">
      <form onSubmit={submit} noValidate>
        {dirty && <Notice tone="warning">You have unsaved changes. This run uses the saved version v{version}.</Notice>}
        {entries.length === 0 && <p className="muted">This pipeline takes no inputs.</p>}
        {entries.map(([name, spec]) => {
          const type = spec.type ?? 'string';
          const common = { label: name, required: !!spec.required, error: errors[name], hint: spec.description, testId: `run-input-${name}` };
          if (type === 'number' || type === 'integer')
            return <NumberField key={name} {...common} step={type === 'integer' ? 1 : 'any'} value={values[name] as number | undefined} onChange={(v) => setValues({ ...values, [name]: v })} />;
          if (type === 'boolean') return <CheckboxField key={name} label={name} checked={!!values[name]} onChange={(v) => setValues({ ...values, [name]: v })} testId={`run-input-${name}`} />;
          if (type === 'object' || type === 'array')
            return <TextAreaField key={name} {...common} monospace rows={4} placeholder={type === 'array' ? '[]' : '{}'} value={String(values[name] ?? '')} onChange={(v) => setValues({ ...values, [name]: v })} />;
          return <TextField key={name} {...common} value={String(values[name] ?? '')} onChange={(v) => setValues({ ...values, [name]: v })} />;
        })}
        <ProblemBanner problem={problem} title="The run did not start" />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="run-start">
            {busy ? 'Starting…' : 'Start run'}
          </button>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  );
}
