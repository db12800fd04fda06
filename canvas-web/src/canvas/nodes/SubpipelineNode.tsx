import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { FlowNode } from '../mapper';
import { NodeCard, PinnedVersion } from './NodeCard';

export const SubpipelineNode = memo(function SubpipelineNode({ id, data, selected }: NodeProps<FlowNode>) {
  return (
    <NodeCard id={id} type="subpipeline" selected={!!selected}>
      <PinnedVersion kind="pipelines" pinned={data.def.pipeline} />
    </NodeCard>
  );
});
