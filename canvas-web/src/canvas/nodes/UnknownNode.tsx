import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { FlowNode } from '../mapper';
import { NodeCard } from './NodeCard';

/** A node type this canvas does not know yet: drawn and kept as is, editable as raw JSON. */
export const UnknownNode = memo(function UnknownNode({ id, data, selected }: NodeProps<FlowNode>) {
  return (
    <NodeCard id={id} type="unknown" selected={!!selected}>
      <span className="node-meta">type “{String(data.def.type)}”</span>
    </NodeCard>
  );
});
