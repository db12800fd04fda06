import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { FlowNode } from '../mapper';
import { NodeCard } from './NodeCard';

export const RouterNode = memo(function RouterNode({ id, selected }: NodeProps<FlowNode>) {
  return (
    <NodeCard id={id} type="router" selected={!!selected}>
      <span className="node-meta">routes by edge conditions</span>
    </NodeCard>
  );
});
