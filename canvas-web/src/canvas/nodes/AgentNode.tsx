import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { FlowNode } from '../mapper';
import { NodeCard, PinnedVersion } from './NodeCard';

export const AgentNode = memo(function AgentNode({ id, data, selected }: NodeProps<FlowNode>) {
  return (
    <NodeCard id={id} type="agent" selected={!!selected}>
      <PinnedVersion kind="agents" pinned={data.def.agent} />
    </NodeCard>
  );
});
