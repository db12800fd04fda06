/**
 * A small layered DAG layout (left to right): longest-path layers, then a few barycenter sweeps
 * to reduce crossings. Good enough for pipelines of a few hundred nodes and free of dependencies.
 */

export interface LayoutEdge {
  from: string;
  to: string;
}

export interface LayoutOptions {
  columnGap?: number;
  rowGap?: number;
  origin?: { x: number; y: number };
}

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 84;

export function layeredLayout(
  ids: readonly string[],
  edges: readonly LayoutEdge[],
  options: LayoutOptions = {},
): Record<string, { x: number; y: number }> {
  const columnGap = options.columnGap ?? NODE_WIDTH + 90;
  const rowGap = options.rowGap ?? NODE_HEIGHT + 46;
  const origin = options.origin ?? { x: 40, y: 40 };
  const known = new Set(ids);
  const preds = new Map<string, string[]>();
  const succs = new Map<string, string[]>();
  for (const id of ids) {
    preds.set(id, []);
    succs.set(id, []);
  }
  for (const edge of edges) {
    if (!known.has(edge.from) || !known.has(edge.to) || edge.from === edge.to) continue;
    succs.get(edge.from)!.push(edge.to);
    preds.get(edge.to)!.push(edge.from);
  }

  // Longest path from a root; a node on a cycle keeps the layer it had when the cycle closed.
  const layer = new Map<string, number>();
  const visiting = new Set<string>();
  const depth = (id: string): number => {
    const cached = layer.get(id);
    if (cached !== undefined) return cached;
    if (visiting.has(id)) return 0;
    visiting.add(id);
    let value = 0;
    for (const p of preds.get(id)!) value = Math.max(value, depth(p) + 1);
    visiting.delete(id);
    layer.set(id, value);
    return value;
  };
  // Iterative warm-up in declaration order keeps recursion shallow for long chains.
  for (const id of ids) depth(id);

  const columns: string[][] = [];
  for (const id of ids) {
    const l = layer.get(id)!;
    (columns[l] ??= []).push(id);
  }

  const indexIn = (column: string[]) => new Map(column.map((id, i) => [id, i] as const));
  const sweep = (forward: boolean) => {
    const range = forward ? columns.map((_, i) => i).slice(1) : columns.map((_, i) => i).slice(0, -1).reverse();
    for (const c of range) {
      const neighbourColumn = columns[forward ? c - 1 : c + 1];
      if (!neighbourColumn || !columns[c]) continue;
      const position = indexIn(neighbourColumn);
      const score = new Map<string, number>();
      columns[c].forEach((id, i) => {
        const neighbours = (forward ? preds : succs).get(id)!.filter((n) => position.has(n));
        score.set(id, neighbours.length ? neighbours.reduce((sum, n) => sum + position.get(n)!, 0) / neighbours.length : i);
      });
      columns[c] = [...columns[c]].sort((a, b) => score.get(a)! - score.get(b)!);
    }
  };
  for (let i = 0; i < 3; i += 1) {
    sweep(true);
    sweep(false);
  }

  const tallest = Math.max(1, ...columns.map((column) => column?.length ?? 0));
  const result: Record<string, { x: number; y: number }> = {};
  columns.forEach((column, c) => {
    if (!column) return;
    const offset = ((tallest - column.length) * rowGap) / 2;
    column.forEach((id, r) => {
      result[id] = { x: origin.x + c * columnGap, y: Math.round(origin.y + offset + r * rowGap) };
    });
  });
  return result;
}
