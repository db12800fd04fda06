/** `{{...}}` template helpers: what a template may reference, and completing a reference as it is typed. */

export interface GraphShape {
  nodes: ReadonlyArray<{ id: string; type?: string }>;
  edges: ReadonlyArray<{ source: string; target: string }>;
}

/** Every node from which `id` can be reached, nearest first. */
export function upstreamOf(graph: GraphShape, id: string): string[] {
  const preds = new Map<string, string[]>();
  for (const edge of graph.edges) preds.set(edge.target, [...(preds.get(edge.target) ?? []), edge.source]);
  const seen = new Set<string>([id]);
  const order: string[] = [];
  let frontier = [id];
  while (frontier.length) {
    const next: string[] = [];
    for (const current of frontier) {
      for (const p of preds.get(current) ?? []) {
        if (seen.has(p)) continue;
        seen.add(p);
        order.push(p);
        next.push(p);
      }
    }
    frontier = next;
  }
  return order;
}

export interface Suggestion {
  value: string;
  detail: string;
}

/** The references a template in node `id` may use: declared inputs and upstream outputs/comments. */
export function templateSuggestions(graph: GraphShape, id: string | null, inputs: Record<string, unknown> | undefined): Suggestion[] {
  const out: Suggestion[] = Object.keys(inputs ?? {}).map((name) => ({ value: `inputs.${name}`, detail: 'pipeline input' }));
  const upstream = id === null ? graph.nodes.map((node) => node.id) : upstreamOf(graph, id);
  const typeOf = new Map(graph.nodes.map((node) => [node.id, node.type] as const));
  for (const nodeId of upstream) {
    out.push({ value: `nodes.${nodeId}.output`, detail: `output of ${nodeId}` });
    if (typeOf.get(nodeId) === 'human_review') out.push({ value: `nodes.${nodeId}.comment`, detail: `reviewer comment on ${nodeId}` });
  }
  return out;
}

/** If the caret is inside an open `{{`, where the reference starts and what has been typed of it. */
export function openReference(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const open = before.lastIndexOf('{{');
  if (open < 0) return null;
  if (before.indexOf('}}', open) >= 0) return null;
  const query = before.slice(open + 2);
  if (/[\s{}]/.test(query.trimStart())) return null;
  return { start: open, query: query.trim() };
}

export function filterSuggestions(all: Suggestion[], query: string): Suggestion[] {
  const q = query.toLowerCase();
  return all.filter((s) => s.value.toLowerCase().includes(q)).slice(0, 12);
}

/** Inserts `{{value}}` over the open reference; returns the new text and caret. */
export function applySuggestion(text: string, caret: number, start: number, value: string): { text: string; caret: number } {
  const after = text.slice(caret);
  const closes = after.startsWith('}}');
  const inserted = `{{${value}}}`;
  const next = text.slice(0, start) + inserted + (closes ? after.slice(2) : after);
  return { text: next, caret: start + inserted.length };
}

/** Rewrites `nodes.<old>.` references in every string of a value (used when a node is renamed). */
export function renameReferences<T>(value: T, oldId: string, newId: string): T {
  const pattern = new RegExp(`(\\{\\{\\s*nodes\\.)${oldId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=[.\\s}])`, 'g');
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return v.replace(pattern, `$1${newId}`);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(value) as T;
}
