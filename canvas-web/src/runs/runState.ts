import type { Approval, NodeStatus, Run, RunEvent, RunStatus, Tokens } from '../api/types';

/**
 * The state of a run as the Live Trace shows it, rebuilt from a snapshot plus events by a pure
 * reducer. Replay folds the recorded events from an empty run, so live and replay agree.
 */
export interface NodeState {
  id: string;
  status: NodeStatus;
  attempt: number;
  startedAt: string | null;
  endedAt: string | null;
  output?: unknown;
  error?: unknown;
  tokens: Tokens;
  costUsd: number;
  /** Text streamed by `llm.delta` for the current attempt. */
  stream: string;
  llmCalls: number;
  toolCalls: number;
  lastError?: string;
  /** Taken from the original run by a rerun or retry: no model or tool was called for it. */
  reused?: boolean;
}

export interface RunState {
  runId: string;
  pipeline: { name: string; version: number } | null;
  status: RunStatus | 'PENDING';
  startedAt: string | null;
  endedAt: string | null;
  input?: unknown;
  output?: unknown;
  error?: unknown;
  nodes: Record<string, NodeState>;
  tokens: Tokens;
  costUsd: number;
  pendingApprovals: Approval[];
  /** Highest event sequence number folded in. */
  seq: number;
  log: RunEvent[];
  temporalUi?: string;
  /** The run this one reruns or retries, when it is one. */
  rerunOf?: string | null;
  /** In a replay, the time of the last event shown: elapsed times are measured up to it. */
  asOf?: string;
}

export const TERMINAL: ReadonlySet<string> = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'TIMED_OUT']);
const LOG_LIMIT = 5000;

export function emptyNode(id: string): NodeState {
  return {
    id,
    status: 'PENDING',
    attempt: 0,
    startedAt: null,
    endedAt: null,
    tokens: { input: 0, output: 0 },
    costUsd: 0,
    stream: '',
    llmCalls: 0,
    toolCalls: 0,
  };
}

export function emptyRun(runId: string, nodeIds: readonly string[] = []): RunState {
  return {
    runId,
    pipeline: null,
    status: 'PENDING',
    startedAt: null,
    endedAt: null,
    nodes: Object.fromEntries(nodeIds.map((id) => [id, emptyNode(id)])),
    tokens: { input: 0, output: 0 },
    costUsd: 0,
    pendingApprovals: [],
    seq: 0,
    log: [],
  };
}

const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

function readTokens(value: unknown): Tokens {
  const record = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  return {
    input: num(record.input ?? record.inputTokens ?? record.prompt),
    output: num(record.output ?? record.outputTokens ?? record.completion),
  };
}

/** Text of an error however the server shaped it (string, `{message}`, `{type, message}`). */
export function errorText(error: unknown): string {
  if (!error) return '';
  if (typeof error === 'string') return error;
  if (typeof error === 'object') {
    const record = error as Record<string, unknown>;
    const message = record.message ?? record.detail ?? record.title ?? record.error;
    if (typeof message === 'string') return record.type ? `${String(record.type)}: ${message}` : message;
  }
  return JSON.stringify(error);
}

/** The state a snapshot (the run body) describes. */
export function fromSnapshot(run: Run, seq: number, previous?: RunState): RunState {
  const nodes: Record<string, NodeState> = { ...(previous?.nodes ?? {}) };
  for (const node of run.nodes ?? []) {
    const before = nodes[node.id] ?? emptyNode(node.id);
    nodes[node.id] = {
      ...before,
      status: node.status ?? before.status,
      attempt: node.attempt ?? before.attempt,
      startedAt: node.startedAt ?? before.startedAt,
      endedAt: node.endedAt ?? before.endedAt,
      output: node.output ?? before.output,
      error: node.error ?? before.error,
      tokens: node.tokens ? readTokens(node.tokens) : before.tokens,
      reused: node.reused ?? before.reused,
    };
  }
  return {
    runId: run.runId,
    pipeline: run.pipeline ?? previous?.pipeline ?? null,
    status: run.status,
    startedAt: run.startedAt ?? null,
    endedAt: run.endedAt ?? null,
    input: run.input,
    output: run.output,
    error: run.error,
    nodes,
    tokens: run.tokens ? readTokens(run.tokens) : previous?.tokens ?? { input: 0, output: 0 },
    costUsd: num(run.costUsd),
    pendingApprovals: run.pendingApprovals ?? [],
    seq: Math.max(seq, previous?.seq ?? 0),
    log: previous?.log ?? [],
    temporalUi: run.links?.temporalUi ?? previous?.temporalUi,
    rerunOf: run.rerunOf ?? previous?.rerunOf,
  };
}

/**
 * The snapshot with what only events tell: per-node LLM and tool call counts and streamed text.
 * A page opened mid-run or after the end starts from the run body, which has statuses, outputs
 * and tokens but not these; folding the earlier events fills them in without double counting.
 */
export function withEventDetails(snapshot: RunState, events: readonly RunEvent[]): RunState {
  const folded = applyEvents(emptyRun(snapshot.runId), events);
  const nodes = { ...snapshot.nodes };
  for (const [id, node] of Object.entries(folded.nodes)) {
    const base = nodes[id] ?? emptyNode(id);
    nodes[id] = { ...base, llmCalls: node.llmCalls, toolCalls: node.toolCalls, stream: node.stream, lastError: node.lastError };
  }
  const seq = events.length ? Math.max(snapshot.seq, events[events.length - 1].seq) : snapshot.seq;
  return { ...snapshot, nodes, log: [...events], seq };
}

function updateNode(state: RunState, id: string, update: (node: NodeState) => NodeState): RunState {
  const node = state.nodes[id] ?? emptyNode(id);
  return { ...state, nodes: { ...state.nodes, [id]: update(node) } };
}

/** Folds one event into the state; events at or below the state's `seq` are ignored (no duplicates). */
export function applyEvent(state: RunState, event: RunEvent): RunState {
  if (typeof event.seq === 'number' && event.seq <= state.seq && state.seq > 0) return state;
  const data = (event.data ?? {}) as Record<string, unknown>;
  const log = state.log.length >= LOG_LIMIT ? [...state.log.slice(-LOG_LIMIT + 1), event] : [...state.log, event];
  let next: RunState = { ...state, seq: typeof event.seq === 'number' ? event.seq : state.seq, log };
  const nodeId = event.nodeId ?? undefined;
  const attempt = typeof event.attempt === 'number' ? event.attempt : undefined;

  switch (event.type) {
    case 'run.started':
      next = { ...next, status: 'RUNNING', startedAt: next.startedAt ?? event.ts, input: data.input ?? next.input };
      if (data.pipeline && typeof data.pipeline === 'object') next.pipeline = data.pipeline as RunState['pipeline'];
      break;
    case 'node.started':
      if (nodeId)
        next = updateNode(next, nodeId, (n) => ({
          ...n,
          status: 'RUNNING',
          attempt: attempt ?? n.attempt + 1,
          startedAt: n.status === 'RETRYING' && n.startedAt ? n.startedAt : event.ts,
          endedAt: null,
          stream: '',
          error: undefined,
        }));
      break;
    case 'llm.request':
      if (nodeId) next = updateNode(next, nodeId, (n) => ({ ...n, llmCalls: n.llmCalls + 1, stream: n.stream ? `${n.stream}\n\n` : '' }));
      break;
    case 'llm.delta': {
      const text = data.text ?? data.delta ?? data.content ?? data.token;
      if (nodeId && typeof text === 'string') next = updateNode(next, nodeId, (n) => ({ ...n, stream: n.stream + text }));
      break;
    }
    case 'llm.response': {
      const tokens = readTokens(data.tokens ?? data.usage);
      const cost = num(data.costUsd ?? data.cost);
      if (nodeId)
        next = updateNode(next, nodeId, (n) => ({
          ...n,
          tokens: { input: n.tokens.input + tokens.input, output: n.tokens.output + tokens.output },
          costUsd: n.costUsd + cost,
        }));
      next = {
        ...next,
        tokens: { input: next.tokens.input + tokens.input, output: next.tokens.output + tokens.output },
        costUsd: next.costUsd + cost,
      };
      break;
    }
    case 'tool.call':
      if (nodeId) next = updateNode(next, nodeId, (n) => ({ ...n, toolCalls: n.toolCalls + 1 }));
      break;
    case 'node.retrying':
      if (nodeId)
        next = updateNode(next, nodeId, (n) => ({
          ...n,
          status: 'RETRYING',
          attempt: attempt ?? n.attempt,
          lastError: errorText(data.error ?? data.message) || n.lastError,
        }));
      break;
    case 'node.completed':
      if (nodeId)
        next = updateNode(next, nodeId, (n) => ({
          ...n,
          status: 'COMPLETED',
          endedAt: event.ts,
          output: 'output' in data ? data.output : n.output,
        }));
      break;
    case 'node.failed':
      if (nodeId)
        next = updateNode(next, nodeId, (n) => ({ ...n, status: 'FAILED', endedAt: event.ts, error: data.error ?? data.message ?? n.error }));
      break;
    case 'node.skipped':
      if (nodeId) next = updateNode(next, nodeId, (n) => ({ ...n, status: 'SKIPPED', endedAt: event.ts }));
      break;
    case 'approval.requested': {
      if (nodeId) next = updateNode(next, nodeId, (n) => ({ ...n, status: 'WAITING_FOR_APPROVAL', startedAt: n.startedAt ?? event.ts }));
      const approvalId = data.approvalId;
      if (typeof approvalId === 'string' && !next.pendingApprovals.some((a) => a.approvalId === approvalId)) {
        next.pendingApprovals = [
          ...next.pendingApprovals,
          { ...(data as object), approvalId, runId: state.runId, nodeId: nodeId ?? '', kind: String(data.kind ?? 'node_output'), status: 'PENDING' } as Approval,
        ];
      }
      if (next.status === 'RUNNING') next.status = 'WAITING_FOR_APPROVAL';
      break;
    }
    case 'approval.decided': {
      const approvalId = data.approvalId;
      next.pendingApprovals = next.pendingApprovals.filter((a) => a.approvalId !== approvalId && (approvalId || a.nodeId !== nodeId));
      if (nodeId) {
        next = updateNode(next, nodeId, (n) =>
          n.status === 'WAITING_FOR_APPROVAL' ? { ...n, status: 'RUNNING' } : n,
        );
      }
      if (next.status === 'WAITING_FOR_APPROVAL' && next.pendingApprovals.length === 0) next.status = 'RUNNING';
      break;
    }
    case 'run.rerun_of': {
      const reused = Array.isArray(data.reused) ? data.reused.filter((id): id is string => typeof id === 'string') : [];
      for (const id of reused) next = updateNode(next, id, (n) => ({ ...n, reused: true }));
      if (typeof data.rerunOf === 'string') next = { ...next, rerunOf: data.rerunOf };
      break;
    }
    case 'run.paused':
      next.status = 'PAUSED';
      break;
    case 'run.resumed':
      next.status = next.pendingApprovals.length ? 'WAITING_FOR_APPROVAL' : 'RUNNING';
      break;
    case 'run.completed':
      next = { ...next, status: 'COMPLETED', endedAt: event.ts, output: 'output' in data ? data.output : next.output };
      break;
    case 'run.failed':
      next = { ...next, status: 'FAILED', endedAt: event.ts, error: data.error ?? data.message ?? next.error };
      break;
    case 'run.cancelled':
      next = { ...next, status: 'CANCELLED', endedAt: event.ts };
      break;
    default:
      break;
  }
  return next;
}

export function applyEvents(state: RunState, events: readonly RunEvent[]): RunState {
  return events.reduce(applyEvent, state);
}

/** One line describing an event in the trace log. */
export function describeEvent(event: RunEvent): string {
  const data = (event.data ?? {}) as Record<string, unknown>;
  const short = (value: unknown, max = 160) => {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    if (text === undefined) return '';
    return text.length > max ? `${text.slice(0, max)}…` : text;
  };
  switch (event.type) {
    case 'run.started':
      return `Run started${data.pipeline ? ` (${short(data.pipeline)}${data.version ? ` v${short(data.version)}` : ''})` : ''}${data.startedBy ? ` by ${short(data.startedBy)}` : ''}`;
    case 'node.started':
      return `Started${data.type ? ` (${short(data.type)})` : ''}${event.attempt && event.attempt > 1 ? `, attempt ${event.attempt}` : ''}`;
    case 'llm.request':
      return `LLM call${data.model ? ` to ${short(data.model)}` : ''}${data.step !== undefined ? ` (step ${short(data.step)})` : ''}`;
    case 'llm.response': {
      const tokens = readTokens(data.tokens ?? data.usage);
      return `LLM answered${data.model ? ` (${short(data.model)})` : ''}: ${tokens.input} in / ${tokens.output} out tokens`;
    }
    case 'llm.delta':
      return short(data.text ?? data.delta ?? data.content ?? '', 80);
    case 'tool.call':
      return `Tool ${short(data.tool ?? data.name ?? '')} called with ${short(data.args ?? data.arguments ?? {})}`;
    case 'tool.result':
      return `Tool ${short(data.tool ?? data.name ?? '')} returned ${short(data.result ?? data.output ?? data.error ?? '')}`;
    case 'node.retrying':
      return `Retrying (attempt ${event.attempt ?? '?'}): ${errorText(data.error ?? data.message) || 'error'}`;
    case 'node.failed':
      return `Failed: ${errorText(data.error ?? data.message) || 'error'}`;
    case 'node.completed':
      return 'output' in data ? `Completed: ${short(data.output)}` : 'Completed';
    case 'approval.requested':
      return `Waiting for approval${data.assignees ? ` by ${short(data.assignees)}` : ''}`;
    case 'approval.decided':
      return `Decision: ${short(data.status ?? data.decision ?? '')}${data.decidedBy ? ` by ${short(data.decidedBy)}` : ''}${data.comment ? ` — “${short(data.comment, 80)}”` : ''}`;
    case 'run.rerun_of':
      return `Rerun of ${short(data.rerunOf)}, reusing ${Array.isArray(data.reused) && data.reused.length ? data.reused.join(', ') : 'no node'}`;
    case 'run.paused':
      return `Paused${data.by ? ` by ${short(data.by)}` : ''}: no new node starts`;
    case 'run.resumed':
      return `Resumed${data.by ? ` by ${short(data.by)}` : ''}`;
    case 'run.completed': {
      const tokens = readTokens(data.tokens);
      return `Run completed: ${tokens.input} in / ${tokens.output} out tokens`;
    }
    case 'run.failed':
      return `Run failed: ${errorText(data.error ?? data.message)}`;
    default:
      return Object.keys(data).length ? short(data) : '';
  }
}
