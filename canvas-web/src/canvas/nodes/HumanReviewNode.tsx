import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { FlowNode } from '../mapper';
import { NodeCard } from './NodeCard';

export const HumanReviewNode = memo(function HumanReviewNode({ id, data, selected }: NodeProps<FlowNode>) {
  const assignees = Array.isArray(data.def.assignees) ? data.def.assignees : [];
  return (
    <NodeCard id={id} type="human_review" selected={!!selected}>
      <span className="node-ref">{assignees.length ? assignees.join(', ') : <span className="node-missing">no reviewers</span>}</span>
      {typeof data.def.timeout === 'string' && <span className="node-meta"> · {data.def.timeout}</span>}
    </NodeCard>
  );
});
