import { useState } from 'react';
import { ApiError, toProblem } from '../api/client';
import { approvals } from '../api/endpoints';
import type { Approval, DecisionResponse, ProblemDetail } from '../api/types';
import { useInboxStore } from '../inbox/inboxStore';
import { asText, formatDate } from '../lib/format';
import { DiffView } from './DiffView';
import { TextAreaField } from './Fields';
import { Markdown } from './Markdown';
import { ProblemBanner } from './Status';

/** The text a reviewer approves: a string payload, or the `output`/`show` of an object payload. */
export function reviewText(payload: unknown): { text: string; structured: boolean } {
  if (typeof payload === 'string') return { text: payload, structured: false };
  if (payload && typeof payload === 'object') {
    const record = payload as Record<string, unknown>;
    for (const key of ['show', 'output', 'content', 'text']) {
      if (typeof record[key] === 'string') return { text: record[key] as string, structured: false };
    }
  }
  return { text: asText(payload), structured: true };
}

type Tab = 'rendered' | 'raw' | 'edit';

/**
 * What to approve, shown rendered and raw, editable with a diff against the original, and the
 * three decisions. Used by the Inbox and by the approval modal of the Live Trace.
 */
export function DecisionPanel({ approval, onDecided, canDecide = true }: { approval: Approval; onDecided: (result: DecisionResponse | null) => void; canDecide?: boolean }) {
  const original = reviewText(approval.payload);
  const [tab, setTab] = useState<Tab>('rendered');
  const [edited, setEdited] = useState(original.text);
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<ProblemDetail | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const forget = useInboxStore((s) => s.forget);
  const changed = edited !== original.text;
  const allowEdit = approval.allowEdit !== false && approval.kind !== 'tool_call';

  const decide = async (decision: 'approve' | 'reject' | 'edit') => {
    setBusy(decision);
    setProblem(null);
    try {
      let output: unknown;
      if (decision === 'edit') {
        output = edited;
        if (original.structured) {
          try {
            output = JSON.parse(edited);
          } catch {
            output = edited;
          }
        }
      }
      const result = await approvals.decide(approval.approvalId, {
        decision,
        ...(decision === 'edit' ? { output } : {}),
        ...(comment ? { comment } : {}),
      });
      forget(approval.approvalId);
      onDecided(result);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        forget(approval.approvalId);
        setProblem({ title: 'Already decided', detail: 'Someone else decided this item first. It has been removed from your inbox.', status: 409 });
      } else if (error instanceof ApiError && error.status === 403) {
        setProblem({ title: 'You cannot decide this item', detail: 'Only its assignees (or an admin) can.', status: 403 });
      } else {
        setProblem(toProblem(error));
      }
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="decision" data-testid="decision-panel">
      <dl className="facts">
        <div>
          <dt>Node</dt>
          <dd>
            <code>{approval.nodeId}</code> ({approval.kind === 'tool_call' ? 'tool call' : 'output'})
          </dd>
        </div>
        {approval.assignees && (
          <div>
            <dt>Assigned to</dt>
            <dd>{approval.assignees.join(', ')}</dd>
          </div>
        )}
        <div>
          <dt>Requested</dt>
          <dd>{formatDate(approval.createdAt)}</dd>
        </div>
        {approval.dueAt && (
          <div>
            <dt>Due</dt>
            <dd>{formatDate(approval.dueAt)}</dd>
          </div>
        )}
      </dl>
      <div className="segmented" role="tablist" aria-label="How to show the output">
        {(['rendered', 'raw', ...(allowEdit && canDecide ? ['edit'] : [])] as Tab[]).map((t) => (
          <button key={t} type="button" role="tab" aria-selected={tab === t} className={tab === t ? 'active' : ''} onClick={() => setTab(t)} data-testid={`decision-tab-${t}`}>
            {t === 'rendered' ? 'Rendered' : t === 'raw' ? 'Raw' : 'Edit'}
            {t === 'edit' && changed ? ' •' : ''}
          </button>
        ))}
      </div>
      <div className="decision-output" role="tabpanel">
        {tab === 'rendered' && (original.structured ? <pre className="code-block">{original.text}</pre> : <Markdown source={changed ? edited : original.text} testId="decision-rendered" />)}
        {tab === 'raw' && <pre className="code-block" data-testid="decision-raw">{changed ? edited : original.text}</pre>}
        {tab === 'edit' && (
          <>
            <TextAreaField label="Edited output" rows={10} monospace value={edited} onChange={setEdited} testId="decision-edit" hint="Your edited version is what flows downstream." />
            {changed && (
              <button type="button" className="btn btn-small" onClick={() => setEdited(original.text)}>
                Discard edits
              </button>
            )}
          </>
        )}
      </div>
      {changed && <DiffView label="Your edits" before={original.text} after={edited} testId="decision-diff" />}
      {canDecide && (
        <>
          <TextAreaField label="Comment" rows={2} value={comment} onChange={setComment} testId="decision-comment" hint="Sent to downstream nodes as nodes.<id>.comment and kept in the audit log." />
          <ProblemBanner problem={problem} testId="decision-error" />
          <div className="form-actions">
            {changed ? (
              <button type="button" className="btn btn-primary" disabled={!!busy} onClick={() => decide('edit')} data-testid="decision-edit-approve">
                {busy === 'edit' ? 'Sending…' : 'Approve with edits'}
              </button>
            ) : (
              <button type="button" className="btn btn-primary" disabled={!!busy} onClick={() => decide('approve')} data-testid="decision-approve">
                {busy === 'approve' ? 'Sending…' : 'Approve'}
              </button>
            )}
            <button type="button" className="btn btn-danger" disabled={!!busy} onClick={() => decide('reject')} data-testid="decision-reject">
              {busy === 'reject' ? 'Sending…' : 'Reject'}
            </button>
          </div>
        </>
      )}
    </div>
  );
}
