import { memo } from 'react';
import { StatusPill } from '../components/Status';
import { asText, elapsedBetween, formatCost, formatElapsed, formatNumber } from '../lib/format';
import { useNow } from './useNow';
import { useRunStore } from './runStore';
import { errorText } from './runState';

/** The selected node of a run: status, attempt, timing, tokens, streaming text, output or error. */
export const NodePanel = memo(function NodePanel({ onRerun, canRun }: { onRerun: (nodeId: string) => void; canRun: boolean }) {
  const id = useRunStore((s) => s.selectedNodeId);
  const node = useRunStore((s) => (id ? s.state?.nodes[id] : undefined));
  const asOf = useRunStore((s) => s.state?.asOf);
  const live = !asOf && (node?.status === 'RUNNING' || node?.status === 'RETRYING' || node?.status === 'WAITING_FOR_APPROVAL');
  const ticking = useNow(live ? 1000 : null);
  const now = asOf ? new Date(asOf).getTime() : ticking;
  if (!id) {
    return (
      <div className="node-panel empty" data-testid="node-panel">
        <p className="muted">Select a node to see its streaming output, tokens and timing.</p>
      </div>
    );
  }
  if (!node) {
    return (
      <div className="node-panel" data-testid="node-panel">
        <h2>{id}</h2>
        <p className="muted">This node has not started.</p>
      </div>
    );
  }
  const output = node.output !== undefined ? asText(node.output) : '';
  return (
    <div className="node-panel" data-testid="node-panel">
      <h2>
        {id} <StatusPill status={node.status} />
      </h2>
      {node.reused && (
        <p className="muted" data-testid="node-reused">
          Reused from the original run: no model or tool was called.
        </p>
      )}
      <dl className="facts">
        <div>
          <dt>Attempt</dt>
          <dd>{node.attempt || '—'}</dd>
        </div>
        <div>
          <dt>Elapsed</dt>
          <dd data-testid="node-elapsed">{formatElapsed(elapsedBetween(node.startedAt, node.endedAt, now))}</dd>
        </div>
        <div>
          <dt>Tokens</dt>
          <dd>
            {formatNumber(node.tokens.input)} in / {formatNumber(node.tokens.output)} out
          </dd>
        </div>
        {node.costUsd > 0 && (
          <div>
            <dt>Cost</dt>
            <dd>{formatCost(node.costUsd)}</dd>
          </div>
        )}
        <div>
          <dt>Calls</dt>
          <dd>
            {node.llmCalls} LLM · {node.toolCalls} tool
          </dd>
        </div>
      </dl>
      {node.lastError && node.status === 'RETRYING' && <div className="banner banner-warning">Retrying after: {node.lastError}</div>}
      {node.error !== undefined && node.error !== null && (
        <div className="banner banner-error" role="alert">
          <div className="banner-body">{errorText(node.error)}</div>
        </div>
      )}
      {(node.stream || live) && (
        <>
          <h3 className="section-title">{live ? 'Streaming' : 'LLM text'}</h3>
          <pre className="stream" aria-live="polite" data-testid="node-stream">
            {node.stream}
            {live && <span className="cursor" aria-hidden="true" />}
          </pre>
        </>
      )}
      {output && (
        <>
          <h3 className="section-title">Output</h3>
          <pre className="code-block" data-testid="node-output">
            {output}
          </pre>
        </>
      )}
      {canRun && (
        <button
          type="button"
          className="btn btn-small"
          onClick={() => onRerun(id)}
          aria-label={`Rerun from ${id}`}
          title={`Start a new run that reuses every finished node before ${id}`}
          data-testid="rerun-from-node"
        >
          Rerun from here
        </button>
      )}
    </div>
  );
});
