import '@xyflow/react/dist/style.css';
import type { EdgeTypes, NodeTypes } from '@xyflow/react';
import { AgentNode } from './AgentNode';
import { ConditionEdge } from './ConditionEdge';
import { HumanReviewNode } from './HumanReviewNode';
import { RouterNode } from './RouterNode';
import { SubpipelineNode } from './SubpipelineNode';
import { ToolNode } from './ToolNode';
import { UnknownNode } from './UnknownNode';

/** Module-level constants: xyflow re-mounts every node when these objects change identity. */
export const nodeTypes: NodeTypes = {
  agent: AgentNode,
  tool: ToolNode,
  human_review: HumanReviewNode,
  router: RouterNode,
  subpipeline: SubpipelineNode,
  unknown: UnknownNode,
};

export const edgeTypes: EdgeTypes = {
  condition: ConditionEdge,
};
