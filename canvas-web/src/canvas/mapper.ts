import type { Edge, Node } from '@xyflow/react';
import type { PipelineDefinition, PipelineEdge, PipelineNode, PipelineUi } from './definition';
import { NODE_TYPES } from './definition';
import { layeredLayout } from './layout';

/**
 * Pure conversion between a PipelineDefinition and the graph xyflow draws.
 *
 * The definition stays the source of truth: every node and edge carries its own definition
 * object untouched in `data.def`, so fields the canvas does not know survive a round trip.
 * Everything outside `nodes`, `edges` and `ui.positions` is kept in `meta`.
 */

export interface FlowNodeData extends Record<string, unknown> {
  def: PipelineNode;
  /** True when the node has a position worth saving under `ui.positions`. */
  placed: boolean;
}

export interface FlowEdgeData extends Record<string, unknown> {
  def: PipelineEdge;
}

export type FlowNode = Node<FlowNodeData>;
export type FlowEdge = Edge<FlowEdgeData>;

export interface DefinitionMeta {
  /** Top-level fields other than nodes and edges, in their original order. `ui` has no positions. */
  rest: Record<string, unknown>;
  /** Where `nodes` and `edges` stood among the top-level keys, to write them back in place. */
  keyOrder: string[];
}

export interface PipelineGraph {
  nodes: FlowNode[];
  edges: FlowEdge[];
  meta: DefinitionMeta;
}

/** The xyflow node type used to draw a definition node; unknown types get a generic node. */
export function flowTypeOf(type: unknown): string {
  return typeof type === 'string' && (NODE_TYPES as readonly string[]).includes(type) ? type : 'unknown';
}

/** A stable, unique edge id; a repeated `from -> to` pair gets a suffix. */
export function edgeId(from: string, to: string, taken: ReadonlySet<string>): string {
  const base = `${from}->${to}`;
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}#${n}`)) n += 1;
  return `${base}#${n}`;
}

/** An xyflow edge for a definition edge, drawn by the `condition` edge component with an arrow. */
export function makeEdge(id: string, def: PipelineEdge): FlowEdge {
  return {
    id,
    source: String(def.from),
    target: String(def.to),
    type: 'condition',
    markerEnd: { type: 'arrowclosed', width: 18, height: 18 },
    data: { def },
    label: typeof def.when === 'string' && def.when ? def.when : undefined,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

function readPosition(value: unknown): { x: number; y: number } | null {
  if (Array.isArray(value) && value.length >= 2 && typeof value[0] === 'number' && typeof value[1] === 'number') {
    return { x: value[0], y: value[1] };
  }
  return null;
}

export function fromDefinition(definition: PipelineDefinition): PipelineGraph {
  const rawNodes: PipelineNode[] = Array.isArray(definition.nodes) ? definition.nodes : [];
  const rawEdges: PipelineEdge[] = Array.isArray(definition.edges) ? definition.edges : [];
  const ui = isRecord(definition.ui) ? (definition.ui as PipelineUi) : undefined;
  const positions = ui && isRecord(ui.positions) ? (ui.positions as Record<string, unknown>) : {};

  const ids = rawNodes.map((node, index) => (typeof node?.id === 'string' && node.id ? node.id : `__node_${index}`));
  const computed = layeredLayout(
    ids,
    rawEdges.map((edge) => ({ from: String(edge?.from), to: String(edge?.to) })),
  );

  const nodes: FlowNode[] = rawNodes.map((def, index) => {
    const id = ids[index];
    const saved = readPosition(positions[id]);
    return {
      id,
      type: flowTypeOf(def?.type),
      position: saved ?? computed[id] ?? { x: 0, y: 0 },
      data: { def, placed: saved !== null },
    };
  });

  const taken = new Set<string>();
  const edges: FlowEdge[] = rawEdges.map((def) => {
    const id = edgeId(String(def.from), String(def.to), taken);
    taken.add(id);
    return makeEdge(id, def);
  });

  const rest: Record<string, unknown> = {};
  const keyOrder = Object.keys(definition);
  for (const key of keyOrder) {
    if (key === 'nodes' || key === 'edges') continue;
    if (key === 'ui' && ui) {
      const { positions: _dropped, ...otherUi } = ui;
      void _dropped;
      rest.ui = otherUi;
      continue;
    }
    rest[key] = definition[key];
  }
  return { nodes, edges, meta: { rest, keyOrder } };
}

export function toDefinition(graph: PipelineGraph): PipelineDefinition {
  const nodes = graph.nodes.map((node) => node.data.def);
  const edges = graph.edges.map((edge) => {
    const def = edge.data?.def ?? ({} as PipelineEdge);
    const { from: _from, to: _to, ...rest } = def;
    void _from;
    void _to;
    // An end the user did not move keeps its original value, even a malformed one the server will name.
    const end = (key: 'from' | 'to', current: string) => {
      const original = def[key] as unknown;
      if (String(original) === current) return key in def ? { [key]: original } : {};
      return { [key]: current };
    };
    return { ...end('from', edge.source), ...end('to', edge.target), ...rest } as PipelineEdge;
  });

  const positions: Record<string, [number, number]> = {};
  let anyPlaced = false;
  for (const node of graph.nodes) {
    if (!node.data.placed) continue;
    positions[node.id] = [node.position.x, node.position.y];
    anyPlaced = true;
  }

  const rest = graph.meta.rest;
  const restUi = isRecord(rest.ui) ? (rest.ui as Record<string, unknown>) : undefined;
  const ui: PipelineUi | undefined = anyPlaced ? { ...(restUi ?? {}), positions } : restUi;

  const order = [...graph.meta.keyOrder];
  for (const key of ['nodes', 'edges', 'ui']) if (!order.includes(key)) order.push(key);
  for (const key of Object.keys(rest)) if (!order.includes(key)) order.push(key);

  const out: Record<string, unknown> = {};
  for (const key of order) {
    if (key === 'nodes') out.nodes = nodes;
    else if (key === 'edges') out.edges = edges;
    else if (key === 'ui') {
      if (ui !== undefined) out.ui = ui;
    } else if (key in rest) out[key] = rest[key];
  }
  return out as PipelineDefinition;
}

/** An empty pipeline: no inputs, no nodes. */
export function emptyGraph(): PipelineGraph {
  return { nodes: [], edges: [], meta: { rest: { inputs: {} }, keyOrder: ['inputs', 'nodes', 'edges', 'ui'] } };
}
