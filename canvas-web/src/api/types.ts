/** Wire types of the Trellis HTTP contract (shared/spec/API.md). Unknown fields are tolerated. */

export type RegistryKind = 'agents' | 'tools' | 'models' | 'prompts' | 'memories' | 'guardrails' | 'pipelines';

export interface EntityRef {
  name: string;
  version: number | 'latest';
}

export interface RegistryVersion<S = Record<string, unknown>> {
  kind: RegistryKind;
  name: string;
  version: number;
  digest?: string;
  spec: S;
  description?: string;
  createdAt?: string;
  createdBy?: string;
  deprecated?: boolean;
}

export interface Me {
  username: string;
  roles: string[];
  groups: string[];
}

export type RunStatus =
  | 'RUNNING'
  | 'WAITING_FOR_APPROVAL'
  | 'PAUSED'
  | 'COMPLETED'
  | 'FAILED'
  | 'CANCELLED'
  | 'TIMED_OUT';

export type NodeStatus =
  | 'PENDING'
  | 'RUNNING'
  | 'RETRYING'
  | 'WAITING_FOR_APPROVAL'
  | 'COMPLETED'
  | 'SKIPPED'
  | 'FAILED'
  | 'CANCELLED';

export interface Tokens {
  input: number;
  output: number;
}

export interface RunNode {
  id: string;
  type?: string;
  status: NodeStatus;
  attempt?: number;
  startedAt?: string | null;
  endedAt?: string | null;
  output?: unknown;
  error?: unknown;
  tokens?: Tokens | null;
  /** True when a rerun or retry took this node's recorded result instead of running it. */
  reused?: boolean;
}

export interface RunLinks {
  self?: string;
  trace?: string;
  temporalUi?: string;
}

export interface Run {
  runId: string;
  workflowId?: string;
  pipeline: { name: string; version: number };
  status: RunStatus;
  startedAt?: string | null;
  endedAt?: string | null;
  input?: unknown;
  output?: unknown;
  error?: unknown;
  nodes: RunNode[];
  pendingApprovals?: Approval[];
  tokens?: Tokens | null;
  costUsd?: number | null;
  links?: RunLinks;
  rerunOf?: string | null;
}

export interface StartRunResponse {
  runId: string;
  workflowId?: string;
  status: RunStatus;
  links?: RunLinks;
}

/** The 202 of rerun and retry: a new run linked to the original (docs/run-control.md). */
export interface RerunResponse {
  runId: string;
  rerunOf: string;
  fromNodes?: string[];
  reused?: string[];
  /** False when a retry of the same run already existed and this answers it. */
  created?: boolean;
  links?: RunLinks;
}

export type RunEventType =
  | 'run.started'
  | 'node.started'
  | 'llm.request'
  | 'llm.delta'
  | 'llm.response'
  | 'tool.call'
  | 'tool.result'
  | 'node.retrying'
  | 'node.completed'
  | 'node.failed'
  | 'node.skipped'
  | 'approval.requested'
  | 'approval.decided'
  | 'run.rerun_of'
  | 'run.paused'
  | 'run.resumed'
  | 'run.completed'
  | 'run.failed'
  | 'run.cancelled';

export interface RunEvent {
  runId: string;
  seq: number;
  ts: string;
  type: RunEventType | string;
  nodeId?: string | null;
  attempt?: number | null;
  data?: Record<string, unknown> | null;
}

export type ApprovalStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'EDITED' | 'EXPIRED';

export interface Approval {
  approvalId: string;
  runId: string;
  nodeId: string;
  kind: 'node_output' | 'tool_call' | string;
  title?: string;
  payload?: unknown;
  assignees?: string[];
  dueAt?: string | null;
  createdAt?: string;
  status: ApprovalStatus | string;
  allowEdit?: boolean;
}

export interface DecisionRequest {
  decision: 'approve' | 'reject' | 'edit';
  output?: unknown;
  comment?: string;
}

export interface DecisionResponse {
  approvalId: string;
  status: ApprovalStatus;
  decidedBy?: string;
  decidedAt?: string;
}

export interface SecretInfo {
  name: string;
  createdAt?: string;
  updatedAt?: string;
  createdBy?: string;
  [key: string]: unknown;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

/** One validation error of an RFC 9457 problem: `path` is like `nodes[2].prompt` or `spec.model`. */
export interface FieldError {
  path: string;
  message: string;
}

export interface ProblemDetail {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
}
