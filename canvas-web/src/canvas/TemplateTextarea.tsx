import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { checkTemplate } from '../lib/validation';
import { applySuggestion, filterSuggestions, openReference, type Suggestion } from './templates';

/**
 * A textarea for `{{...}}` templates. Typing `{{` opens a list of what the template may use
 * (pipeline inputs, upstream outputs); arrows move, Enter or Tab inserts, Escape closes.
 */
export function TemplateTextarea({
  label,
  value,
  onChange,
  suggestions,
  rows = 4,
  readOnly,
  error,
  hint,
  testId,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  suggestions: Suggestion[];
  rows?: number;
  readOnly?: boolean;
  error?: string | null;
  hint?: string;
  testId?: string;
}) {
  const id = useId();
  const listId = `${id}-list`;
  const ref = useRef<HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState<number | null>(null);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState(false);

  const open = caret !== null && !readOnly && !dismissed ? openReference(value, caret) : null;
  const matches = useMemo(() => (open ? filterSuggestions(suggestions, open.query) : []), [open?.query, suggestions]); // eslint-disable-line react-hooks/exhaustive-deps
  const expanded = !!open && matches.length > 0;
  // An open "{{" is the normal state while the list is showing: only complain once it closes.
  const message = error ?? (expanded ? null : checkTemplate(value));

  const accept = (suggestion: Suggestion) => {
    if (!open || caret === null) return;
    const next = applySuggestion(value, caret, open.start, suggestion.value);
    onChange(next.text);
    setCaret(next.caret);
    requestAnimationFrame(() => {
      ref.current?.focus();
      ref.current?.setSelectionRange(next.caret, next.caret);
    });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!expanded) return;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActive((a) => (a + 1) % matches.length);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((a) => (a - 1 + matches.length) % matches.length);
    } else if (event.key === 'Enter' || event.key === 'Tab') {
      event.preventDefault();
      accept(matches[Math.min(active, matches.length - 1)]);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      setDismissed(true);
    }
  };

  return (
    <div className={`field template-field${message ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        ref={ref}
        className="mono"
        rows={rows}
        value={value}
        readOnly={readOnly}
        spellCheck={false}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded ? `${listId}-${Math.min(active, matches.length - 1)}` : undefined}
        aria-invalid={!!message}
        aria-describedby={message ? `${id}-error` : `${id}-hint`}
        data-testid={testId}
        onChange={(event) => {
          onChange(event.target.value);
          setCaret(event.target.selectionStart);
          setActive(0);
          setDismissed(false);
        }}
        onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
        onBlur={() => setTimeout(() => setCaret(null), 150)}
        onKeyDown={onKeyDown}
      />
      <ul id={listId} role="listbox" className="suggestions" hidden={!expanded} aria-label="Template variables">
        {matches.map((suggestion, index) => (
          <li
            key={suggestion.value}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={index === active}
            className={index === active ? 'active' : undefined}
            onMouseDown={(event) => {
              event.preventDefault();
              accept(suggestion);
            }}
          >
            <code>{`{{${suggestion.value}}}`}</code> <span className="muted">{suggestion.detail}</span>
          </li>
        ))}
      </ul>
      {message ? (
        <div className="field-error" id={`${id}-error`} role="alert">
          {message}
        </div>
      ) : (
        <div className="hint" id={`${id}-hint`}>
          {hint ?? 'Type {{ to insert an input or an upstream node’s output.'}
        </div>
      )}
    </div>
  );
}
