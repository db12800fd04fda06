import { api, asList, seg } from './client';
import type {
  Approval,
  DecisionRequest,
  DecisionResponse,
  Me,
  Page,
  RegistryKind,
  RegistryVersion,
  RerunResponse,
  Run,
  RunEvent,
  SecretInfo,
  StartRunResponse,
} from './types';

export const registry = {
  latest: async (kind: RegistryKind, signal?: AbortSignal) =>
    asList<RegistryVersion>(await api<unknown>(`/api/registry/${kind}`, { signal }), kind, 'entities'),
  versions: async (kind: RegistryKind, name: string, signal?: AbortSignal) =>
    asList<RegistryVersion>(await api<unknown>(`/api/registry/${kind}/${seg(name)}`, { signal }), 'versions'),
  version: (kind: RegistryKind, name: string, version: number, signal?: AbortSignal) =>
    api<RegistryVersion>(`/api/registry/${kind}/${seg(name)}/versions/${seg(version)}`, { signal }),
  diff: (kind: RegistryKind, name: string, from: number, to: number, signal?: AbortSignal) =>
    api<unknown>(`/api/registry/${kind}/${seg(name)}/diff?from=${seg(from)}&to=${seg(to)}`, { signal }),
  publish: (kind: RegistryKind, body: { name: string; spec: unknown; description?: string }) =>
    api<RegistryVersion>(`/api/registry/${kind}`, { method: 'POST', body }),
};

/**
 * List items name the pipeline flat (`pipeline: "name", pipelineVersion: 4`, `temporalUi`) where the
 * run body nests it (`pipeline: {name, version}`, `links`); both shapes become the nested one.
 */
export function normaliseRun(raw: unknown): Run {
  const record = (raw ?? {}) as Record<string, unknown>;
  const pipeline =
    typeof record.pipeline === 'string'
      ? { name: record.pipeline, version: Number(record.pipelineVersion ?? 0) }
      : (record.pipeline as Run['pipeline']);
  const links = (record.links as Run['links']) ?? (typeof record.temporalUi === 'string' ? { temporalUi: record.temporalUi } : undefined);
  return { ...(record as unknown as Run), pipeline, links, nodes: Array.isArray(record.nodes) ? (record.nodes as Run['nodes']) : [] };
}

export interface RunFilter {
  pipeline?: string;
  status?: string;
  limit?: number;
  cursor?: string | null;
}

export const runs = {
  start: (body: { pipeline: string; version?: number; input: unknown; idempotencyKey: string }) =>
    api<StartRunResponse>('/api/runs', { method: 'POST', body }),
  get: async (runId: string, signal?: AbortSignal) => normaliseRun(await api<unknown>(`/api/runs/${seg(runId)}`, { signal })),
  list: async (filter: RunFilter, signal?: AbortSignal): Promise<Page<Run>> => {
    const params = new URLSearchParams();
    if (filter.pipeline) params.set('pipeline', filter.pipeline);
    if (filter.status) params.set('status', filter.status);
    params.set('limit', String(filter.limit ?? 50));
    if (filter.cursor) params.set('cursor', filter.cursor);
    const body = await api<unknown>(`/api/runs?${params}`, { signal });
    const record = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    return {
      items: asList<unknown>(body, 'runs').map(normaliseRun),
      nextCursor: (record.nextCursor ?? record.cursor ?? null) as string | null,
    };
  },
  events: async (runId: string, after = 0, signal?: AbortSignal) =>
    asList<RunEvent>(await api<unknown>(`/api/runs/${seg(runId)}/events?after=${after}`, { signal }), 'events'),
  pause: (runId: string) => api<unknown>(`/api/runs/${seg(runId)}/pause`, { method: 'POST', body: {} }),
  resume: (runId: string) => api<unknown>(`/api/runs/${seg(runId)}/resume`, { method: 'POST', body: {} }),
  cancel: (runId: string) => api<unknown>(`/api/runs/${seg(runId)}/cancel`, { method: 'POST', body: {} }),
  rerun: (runId: string, body: { fromNode: string; pipelineVersion?: number; overrides?: unknown }) =>
    api<RerunResponse>(`/api/runs/${seg(runId)}/rerun`, { method: 'POST', body }),
  /** A FAILED run again from its failed node(s); retrying twice answers the first retry. */
  retry: (runId: string) => api<RerunResponse>(`/api/runs/${seg(runId)}/retry`, { method: 'POST', body: {} }),
};

export const approvals = {
  pending: async (signal?: AbortSignal) =>
    asList<Approval>(await api<unknown>('/api/approvals?status=PENDING', { signal }), 'approvals'),
  decide: (approvalId: string, body: DecisionRequest) =>
    api<DecisionResponse>(`/api/approvals/${seg(approvalId)}/decision`, { method: 'POST', body }),
};

export const secrets = {
  list: async (signal?: AbortSignal): Promise<SecretInfo[]> =>
    asList<SecretInfo | string>(await api<unknown>('/api/secrets', { signal }), 'secrets').map((entry) =>
      typeof entry === 'string' ? { name: entry } : entry,
    ),
  put: (name: string, value: string) => api<void>(`/api/secrets/${seg(name)}`, { method: 'PUT', body: { value } }),
  remove: (name: string) => api<void>(`/api/secrets/${seg(name)}`, { method: 'DELETE' }),
};

export const me = (token?: string) => api<Me>('/api/me', { token, quietUnauthorized: true });
