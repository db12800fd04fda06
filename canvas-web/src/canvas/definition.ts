/** The PipelineDefinition document (shared/spec/PIPELINE.md). Unknown fields are kept as they are. */

export type NodeType = 'agent' | 'tool' | 'human_review' | 'router' | 'subpipeline';

export const NODE_TYPES: readonly NodeType[] = ['agent', 'tool', 'human_review', 'router', 'subpipeline'];

export interface PinnedRef {
  name: string;
  version: number | 'latest';
}

export interface RetryPolicy {
  maxAttempts?: number;
  initialInterval?: string;
  backoffCoefficient?: number;
  [key: string]: unknown;
}

export interface PipelineNode {
  id: string;
  type: NodeType | string;
  agent?: PinnedRef;
  tool?: PinnedRef;
  pipeline?: PinnedRef;
  prompt?: string;
  args?: Record<string, unknown>;
  input?: Record<string, unknown>;
  title?: string;
  show?: string;
  assignees?: string[];
  allowEdit?: boolean;
  onTimeout?: string;
  retry?: RetryPolicy;
  timeout?: string;
  [key: string]: unknown;
}

export interface PipelineEdge {
  from: string;
  to: string;
  when?: string;
  [key: string]: unknown;
}

export interface InputSpec {
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | string;
  required?: boolean;
  description?: string;
  default?: unknown;
  [key: string]: unknown;
}

export interface PipelineUi {
  positions?: Record<string, [number, number]>;
  [key: string]: unknown;
}

export interface PipelineDefinition {
  inputs?: Record<string, InputSpec>;
  nodes: PipelineNode[];
  edges: PipelineEdge[];
  output?: string;
  ui?: PipelineUi;
  [key: string]: unknown;
}

/** Which reference field a node type pins, and in which registry kind it lives. */
export function refOf(node: Pick<PipelineNode, 'type'>): { field: 'agent' | 'tool' | 'pipeline'; kind: 'agents' | 'tools' | 'pipelines' } | null {
  switch (node.type) {
    case 'agent':
      return { field: 'agent', kind: 'agents' };
    case 'tool':
      return { field: 'tool', kind: 'tools' };
    case 'subpipeline':
      return { field: 'pipeline', kind: 'pipelines' };
    default:
      return null;
  }
}
