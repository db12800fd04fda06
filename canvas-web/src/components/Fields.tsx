import { useId, type ReactNode } from 'react';

interface BaseProps {
  label: string;
  error?: string | null;
  hint?: ReactNode;
  required?: boolean;
  disabled?: boolean;
  testId?: string;
}

function FieldShell({ id, label, error, hint, required, children }: BaseProps & { id: string; children: ReactNode }) {
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required && <span className="required" aria-hidden="true"> *</span>}
      </label>
      {children}
      {hint && !error && (
        <div className="hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error && (
        <div className="field-error" id={`${id}-error`} role="alert">
          {error}
        </div>
      )}
    </div>
  );
}

const describedBy = (id: string, error?: string | null, hint?: ReactNode) =>
  error ? `${id}-error` : hint ? `${id}-hint` : undefined;

export function TextField(
  props: BaseProps & { value: string; onChange: (value: string) => void; type?: string; placeholder?: string; autoFocus?: boolean; list?: string; onBlur?: () => void },
) {
  const id = useId();
  return (
    <FieldShell {...props} id={id}>
      <input
        id={id}
        type={props.type ?? 'text'}
        value={props.value}
        placeholder={props.placeholder}
        required={props.required}
        disabled={props.disabled}
        readOnly={props.disabled}
        autoFocus={props.autoFocus}
        list={props.list}
        aria-invalid={!!props.error}
        aria-describedby={describedBy(id, props.error, props.hint)}
        data-testid={props.testId}
        onChange={(event) => props.onChange(event.target.value)}
        onBlur={props.onBlur}
      />
    </FieldShell>
  );
}

export function NumberField(
  props: BaseProps & { value: number | undefined; onChange: (value: number | undefined) => void; min?: number; max?: number; step?: number | 'any' },
) {
  const id = useId();
  return (
    <FieldShell {...props} id={id}>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        value={props.value ?? ''}
        min={props.min}
        max={props.max}
        step={props.step ?? 'any'}
        required={props.required}
        disabled={props.disabled}
        aria-invalid={!!props.error}
        aria-describedby={describedBy(id, props.error, props.hint)}
        data-testid={props.testId}
        onChange={(event) => props.onChange(event.target.value === '' ? undefined : Number(event.target.value))}
      />
    </FieldShell>
  );
}

export function SelectField(
  props: BaseProps & { value: string; onChange: (value: string) => void; options: ReadonlyArray<{ value: string; label: string }>; placeholder?: string },
) {
  const id = useId();
  return (
    <FieldShell {...props} id={id}>
      <select
        id={id}
        value={props.value}
        required={props.required}
        disabled={props.disabled}
        aria-invalid={!!props.error}
        aria-describedby={describedBy(id, props.error, props.hint)}
        data-testid={props.testId}
        onChange={(event) => props.onChange(event.target.value)}
      >
        {props.placeholder !== undefined && <option value="">{props.placeholder}</option>}
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

export function TextAreaField(
  props: BaseProps & { value: string; onChange: (value: string) => void; rows?: number; placeholder?: string; monospace?: boolean },
) {
  const id = useId();
  return (
    <FieldShell {...props} id={id}>
      <textarea
        id={id}
        value={props.value}
        rows={props.rows ?? 4}
        placeholder={props.placeholder}
        required={props.required}
        readOnly={props.disabled}
        className={props.monospace ? 'mono' : undefined}
        aria-invalid={!!props.error}
        aria-describedby={describedBy(id, props.error, props.hint)}
        data-testid={props.testId}
        onChange={(event) => props.onChange(event.target.value)}
      />
    </FieldShell>
  );
}

export function CheckboxField(props: Omit<BaseProps, 'required'> & { checked: boolean; onChange: (value: boolean) => void }) {
  const id = useId();
  return (
    <div className="field field-check">
      <input
        id={id}
        type="checkbox"
        checked={props.checked}
        disabled={props.disabled}
        data-testid={props.testId}
        onChange={(event) => props.onChange(event.target.checked)}
      />
      <label htmlFor={id}>{props.label}</label>
      {props.error && <div className="field-error" role="alert">{props.error}</div>}
    </div>
  );
}
