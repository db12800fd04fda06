import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { FlowNode } from '../mapper';
import { NodeCard, PinnedVersion } from './NodeCard';

export const ToolNode = memo(function ToolNode({ id, data, selected }: NodeProps<FlowNode>) {
  return (
    <NodeCard id={id} type="tool" selected={!!selected}>
      <PinnedVersion kind="tools" pinned={data.def.tool} />
    </NodeCard>
  );
});
