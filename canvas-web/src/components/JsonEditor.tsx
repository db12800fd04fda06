import { useEffect, useId, useState } from 'react';

/**
 * A JSON textarea: edits apply as soon as the text parses; until then the last valid value stays
 * and the parse error is shown. External changes (the form beside it) replace the text.
 */
export function JsonEditor({
  label,
  value,
  onChange,
  rows = 12,
  readOnly = false,
  error,
  testId,
  hint,
}: {
  label: string;
  value: unknown;
  onChange: (value: unknown) => void;
  rows?: number;
  readOnly?: boolean;
  error?: string | null;
  testId?: string;
  hint?: string;
}) {
  const id = useId();
  const serialised = JSON.stringify(value ?? null, null, 2);
  const [text, setText] = useState(serialised);
  const [parseError, setParseError] = useState<string | null>(null);

  useEffect(() => {
    setText((current) => {
      try {
        if (JSON.stringify(JSON.parse(current)) === JSON.stringify(value ?? null)) return current;
      } catch {
        // The user is mid-edit with invalid JSON; an outside change still wins.
      }
      setParseError(null);
      return serialised;
    });
  }, [serialised, value]);

  const message = parseError ?? error ?? null;
  return (
    <div className={`field${message ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        className="mono"
        rows={rows}
        value={text}
        readOnly={readOnly}
        spellCheck={false}
        aria-invalid={!!message}
        aria-describedby={message ? `${id}-error` : hint ? `${id}-hint` : undefined}
        data-testid={testId}
        onChange={(event) => {
          const next = event.target.value;
          setText(next);
          try {
            const parsed = JSON.parse(next) as unknown;
            setParseError(null);
            onChange(parsed);
          } catch (err) {
            setParseError(`Not valid JSON yet: ${(err as Error).message}`);
          }
        }}
      />
      {hint && !message && (
        <div className="hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {message && (
        <div className="field-error" id={`${id}-error`} role="alert">
          {message}
        </div>
      )}
    </div>
  );
}
