import { memo } from 'react';
import { diffLines, diffStats, type DiffLine } from '../lib/diff';

/** A unified line diff, with +/- markers so it does not rely on colour alone. */
export const DiffView = memo(function DiffView({
  before,
  after,
  lines: given,
  label = 'Differences',
  testId,
}: {
  before?: string;
  after?: string;
  lines?: DiffLine[];
  label?: string;
  testId?: string;
}) {
  const lines = given ?? diffLines(before ?? '', after ?? '');
  const stats = diffStats(lines);
  return (
    <figure className="diff" data-testid={testId}>
      <figcaption>
        {label}: <span className="diff-added">+{stats.added}</span> <span className="diff-removed">−{stats.removed}</span>
        {stats.added === 0 && stats.removed === 0 && <span> (identical)</span>}
      </figcaption>
      <pre className="diff-body" tabIndex={0} aria-label={label}>
        {lines.map((line, index) => (
          <div key={index} className={`diff-line diff-${line.op}`}>
            <span className="diff-num" aria-hidden="true">
              {line.oldLine ?? ''}
            </span>
            <span className="diff-num" aria-hidden="true">
              {line.newLine ?? ''}
            </span>
            <span className="diff-mark">{line.op === 'add' ? '+' : line.op === 'del' ? '−' : ' '}</span>
            <span className="diff-text">{line.text || ' '}</span>
          </div>
        ))}
      </pre>
    </figure>
  );
});
