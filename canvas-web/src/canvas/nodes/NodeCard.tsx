import { Handle, Position } from '@xyflow/react';
import { memo, type ReactNode } from 'react';
import { useRunStore } from '../../runs/runStore';
import { useGraphStore } from '../graphStore';
import { useLatestVersion } from '../catalogStore';
import type { PinnedRef } from '../definition';
import { useNodeMode } from './NodeModeContext';

const TYPE_LABELS: Record<string, string> = {
  agent: 'Agent',
  tool: 'Tool',
  human_review: 'Human review',
  router: 'Router',
  subpipeline: 'Subpipeline',
  unknown: 'Unknown',
};

const EMPTY: never[] = [];

/** A pinned entity version, with a badge when the registry has a newer one. */
export const PinnedVersion = memo(function PinnedVersion({ kind, pinned }: { kind: 'agents' | 'tools' | 'pipelines'; pinned: PinnedRef | undefined }) {
  const latest = useLatestVersion(kind, pinned?.name);
  if (!pinned?.name) return <span className="node-missing">nothing chosen</span>;
  const upgrade = typeof pinned.version === 'number' && latest !== undefined && latest > pinned.version;
  return (
    <span className="node-ref">
      <span className="node-ref-name">{pinned.name}</span> <span className="node-version">v{String(pinned.version)}</span>
      {upgrade && (
        <span className="upgrade-badge" title={`Version ${latest} is available`} data-testid="upgrade-badge">
          ↑ v{latest} available
        </span>
      )}
    </span>
  );
});

function RunStatusLine({ id }: { id: string }) {
  const status = useRunStore((s) => s.state?.nodes[id]?.status);
  const attempt = useRunStore((s) => s.state?.nodes[id]?.attempt);
  const reused = useRunStore((s) => s.state?.nodes[id]?.reused);
  if (!status) return null;
  return (
    <div className="node-status" data-testid={`node-status-${id}`}>
      <span className="status-dot" aria-hidden="true" />
      {status.replace(/_/g, ' ').toLowerCase()}
      {attempt && attempt > 1 ? ` · attempt ${attempt}` : ''}
      {reused && (
        <span className="reused-badge" title="Recorded result of the original run" data-testid={`node-reused-${id}`}>
          reused
        </span>
      )}
    </div>
  );
}

/** The frame every node type shares: handles, title, status (in the Live Trace) and errors (in the editor). */
export const NodeCard = memo(function NodeCard({
  id,
  type,
  selected,
  children,
  sourceHandle = true,
}: {
  id: string;
  type: string;
  selected: boolean;
  children?: ReactNode;
  sourceHandle?: boolean;
}) {
  const mode = useNodeMode();
  const errors = useGraphStore((s) => (mode === 'edit' ? s.nodeErrors[id] ?? EMPTY : EMPTY));
  const status = useRunStore((s) => (mode === 'run' ? s.state?.nodes[id]?.status : undefined));
  const className = [
    'flow-node',
    `flow-node-${type}`,
    selected ? 'is-selected' : '',
    errors.length ? 'has-error' : '',
    status ? `status-${status.toLowerCase()}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div className={className} data-testid={`node-${id}`} data-status={status} title={errors.map((e) => e.message).join('\n') || undefined}>
      <Handle type="target" position={Position.Left} aria-label={`Input of ${id}`} />
      <div className="flow-node-header">
        <span className="node-type">{TYPE_LABELS[type] ?? type}</span>
        {errors.length > 0 && (
          <span className="node-error-badge" aria-label={`${errors.length} validation errors`}>
            !
          </span>
        )}
      </div>
      <div className="flow-node-title">{id}</div>
      {children && <div className="flow-node-body">{children}</div>}
      {mode === 'run' && <RunStatusLine id={id} />}
      {errors.length > 0 && (
        <div className="node-error-text" data-testid={`node-error-${id}`}>
          {errors[0].message}
        </div>
      )}
      {sourceHandle && <Handle type="source" position={Position.Right} aria-label={`Output of ${id}`} />}
    </div>
  );
});
