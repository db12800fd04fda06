import { applyEdgeChanges, applyNodeChanges, type EdgeChange, type NodeChange } from '@xyflow/react';
import { create } from 'zustand';
import type { FieldError } from '../api/types';
import { routePipelineErrors } from '../lib/problemPaths';
import type { InputSpec, NodeType, PinnedRef, PipelineDefinition, PipelineEdge, PipelineNode } from './definition';
import { layeredLayout } from './layout';
import {
  edgeId,
  emptyGraph,
  flowTypeOf,
  fromDefinition,
  makeEdge,
  toDefinition,
  type DefinitionMeta,
  type FlowEdge,
  type FlowNode,
} from './mapper';
import { renameReferences } from './templates';

interface Snapshot {
  nodes: FlowNode[];
  edges: FlowEdge[];
  meta: DefinitionMeta;
}

export interface PipelineIdentity {
  name: string;
  description: string;
  /** The registry version the canvas was loaded from or last saved as. */
  version: number | null;
}

interface GraphState extends Snapshot, PipelineIdentity {
  dirty: boolean;
  past: Snapshot[];
  future: Snapshot[];
  nodeErrors: Record<string, FieldError[]>;
  edgeErrors: Record<string, FieldError[]>;
  pipelineErrors: FieldError[];

  load: (definition: PipelineDefinition | null, identity: PipelineIdentity) => void;
  setIdentity: (patch: Partial<PipelineIdentity>) => void;
  markSaved: (version: number) => void;
  onNodesChange: (changes: NodeChange<FlowNode>[]) => void;
  /** A mouse drag starts (one undo step for the whole drag) or stops. */
  dragStart: () => void;
  dragStop: () => void;
  onEdgesChange: (changes: EdgeChange<FlowEdge>[]) => void;
  /** Records the current state for undo; calls with the same key in quick succession count once. */
  checkpoint: (key?: string) => void;
  addNode: (type: NodeType, ref: PinnedRef | null, position: { x: number; y: number }) => string;
  updateNode: (id: string, update: (def: PipelineNode) => PipelineNode, historyKey?: string) => void;
  renameNode: (id: string, next: string) => string | null;
  removeNode: (id: string) => void;
  connect: (source: string, target: string) => string | null;
  updateEdge: (id: string, update: (def: PipelineEdge) => PipelineEdge, historyKey?: string) => void;
  removeEdge: (id: string) => void;
  setInputs: (inputs: Record<string, InputSpec>, historyKey?: string) => void;
  setOutput: (output: string | undefined, historyKey?: string) => void;
  autoLayout: () => void;
  undo: () => void;
  redo: () => void;
  definition: () => PipelineDefinition;
  setServerErrors: (errors: FieldError[], sent: { nodeIds: string[]; edgeIds: string[] }) => void;
  clearErrors: () => void;
}

const HISTORY_LIMIT = 100;
const COALESCE_MS = 1200;
let lastCheckpoint = { key: '', at: 0 };
/** True between a mouse drag's start and stop: the drag took its undo checkpoint when it began. */
let mouseDragging = false;

/** Editor nodes always keep their positions: whatever the user sees is what gets saved. */
function placedGraph(definition: PipelineDefinition | null) {
  const graph = definition ? fromDefinition(definition) : emptyGraph();
  return { ...graph, nodes: graph.nodes.map((node) => ({ ...node, data: { ...node.data, placed: true } })) };
}

function uniqueNodeId(base: string, nodes: FlowNode[]): string {
  let slug = base.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^[^A-Za-z_]+/, '') || 'node';
  slug = slug.slice(0, 48);
  const taken = new Set(nodes.map((node) => node.id));
  if (!taken.has(slug)) return slug;
  let n = 2;
  while (taken.has(`${slug}_${n}`)) n += 1;
  return `${slug}_${n}`;
}

export function defaultNode(id: string, type: NodeType, ref: PinnedRef | null): PipelineNode {
  switch (type) {
    case 'agent':
      return ref ? { id, type, agent: ref, prompt: '' } : { id, type, prompt: '' };
    case 'tool':
      return ref ? { id, type, tool: ref, args: {} } : { id, type, args: {} };
    case 'human_review':
      return { id, type, title: 'Review', show: '', assignees: [], allowEdit: true, timeout: '72h', onTimeout: 'reject' };
    case 'subpipeline':
      return ref ? { id, type, pipeline: ref, input: {} } : { id, type, input: {} };
    default:
      return { id, type };
  }
}

function toFlowNode(def: PipelineNode, position: { x: number; y: number }): FlowNode {
  return { id: def.id, type: flowTypeOf(def.type), position, data: { def, placed: true } };
}

export const useGraphStore = create<GraphState>((set, get) => {
  const snapshot = (): Snapshot => ({ nodes: get().nodes, edges: get().edges, meta: get().meta });
  const pushHistory = () =>
    set((s) => ({ past: [...s.past.slice(-(HISTORY_LIMIT - 1)), snapshot()], future: [] }));

  return {
    ...placedGraph(null),
    name: '',
    description: '',
    version: null,
    dirty: false,
    past: [],
    future: [],
    nodeErrors: {},
    edgeErrors: {},
    pipelineErrors: [],

    load: (definition, identity) => {
      lastCheckpoint = { key: '', at: 0 };
      set({
        ...placedGraph(definition),
        ...identity,
        dirty: false,
        past: [],
        future: [],
        nodeErrors: {},
        edgeErrors: {},
        pipelineErrors: [],
      });
    },
    setIdentity: (patch) => set({ ...patch, dirty: true }),
    markSaved: (version) => set({ version, dirty: false }),

    onNodesChange: (changes) => {
      const meaningful = changes.some(
        (change) => change.type === 'remove' || change.type === 'add' || change.type === 'replace' || change.type === 'position',
      );
      if (changes.some((change) => change.type === 'remove')) get().checkpoint('remove');
      // Arrow keys move selected nodes without a drag: coalesce a burst of them into one undo step.
      if (!mouseDragging && changes.some((change) => change.type === 'position' && change.position)) get().checkpoint('keyboard-move');
      set((s) => ({ nodes: applyNodeChanges(changes, s.nodes), dirty: s.dirty || meaningful }));
    },
    dragStart: () => {
      mouseDragging = true;
      get().checkpoint();
    },
    dragStop: () => {
      mouseDragging = false;
    },
    onEdgesChange: (changes) => {
      const meaningful = changes.some((change) => change.type !== 'select');
      if (changes.some((change) => change.type === 'remove')) get().checkpoint('remove');
      set((s) => ({ edges: applyEdgeChanges(changes, s.edges), dirty: s.dirty || meaningful }));
    },

    checkpoint: (key) => {
      const now = Date.now();
      if (key && key === lastCheckpoint.key && now - lastCheckpoint.at < COALESCE_MS) {
        lastCheckpoint.at = now;
        return;
      }
      lastCheckpoint = { key: key ?? '', at: now };
      pushHistory();
    },

    addNode: (type, ref, position) => {
      get().checkpoint();
      const id = uniqueNodeId(ref?.name ?? type, get().nodes);
      const node = toFlowNode(defaultNode(id, type, ref), { x: Math.round(position.x), y: Math.round(position.y) });
      set((s) => ({
        nodes: [...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), { ...node, selected: true }],
        edges: s.edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
        dirty: true,
      }));
      return id;
    },

    updateNode: (id, update, historyKey) => {
      get().checkpoint(historyKey ?? `node:${id}`);
      set((s) => ({
        nodes: s.nodes.map((node) => {
          if (node.id !== id) return node;
          const def = update(node.data.def);
          return { ...node, type: flowTypeOf(def.type), data: { ...node.data, def } };
        }),
        dirty: true,
      }));
    },

    renameNode: (id, next) => {
      if (id === next) return null;
      if (!next) return 'An id is required.';
      if (get().nodes.some((node) => node.id === next)) return `Another node is already called "${next}".`;
      get().checkpoint();
      set((s) => {
        const taken = new Set<string>();
        const edges = s.edges.map((edge) => {
          const source = edge.source === id ? next : edge.source;
          const target = edge.target === id ? next : edge.target;
          const renamed = { ...edge, source, target, id: edgeId(source, target, taken) };
          taken.add(renamed.id);
          return renamed;
        });
        const nodes = s.nodes.map((node) => {
          const def = renameReferences(node.data.def, id, next);
          const finalDef = node.id === id ? { ...def, id: next } : def;
          return node.id === id || def !== node.data.def
            ? { ...node, id: node.id === id ? next : node.id, data: { ...node.data, def: finalDef } }
            : node;
        });
        const rest = renameReferences(s.meta.rest, id, next);
        const { [id]: moved, ...nodeErrors } = s.nodeErrors;
        return {
          nodes,
          edges,
          meta: { ...s.meta, rest },
          nodeErrors: moved ? { ...nodeErrors, [next]: moved } : nodeErrors,
          dirty: true,
        };
      });
      return null;
    },

    removeNode: (id) => {
      get().checkpoint();
      set((s) => ({
        nodes: s.nodes.filter((node) => node.id !== id),
        edges: s.edges.filter((edge) => edge.source !== id && edge.target !== id),
        dirty: true,
      }));
    },

    connect: (source, target) => {
      if (source === target) return 'A node cannot feed itself.';
      if (get().edges.some((edge) => edge.source === source && edge.target === target)) {
        return `${source} is already connected to ${target}.`;
      }
      get().checkpoint();
      set((s) => {
        const id = edgeId(source, target, new Set(s.edges.map((edge) => edge.id)));
        const edge = makeEdge(id, { from: source, to: target });
        // A new review gate shows what feeds it unless the user already chose something.
        const nodes = s.nodes.map((node) => {
          const def = node.data.def;
          if (node.id !== target || def.type !== 'human_review' || def.show) return node;
          return { ...node, data: { ...node.data, def: { ...def, show: `{{nodes.${source}.output}}` } } };
        });
        return { edges: [...s.edges, edge], nodes, dirty: true };
      });
      return null;
    },

    updateEdge: (id, update, historyKey) => {
      get().checkpoint(historyKey ?? `edge:${id}`);
      set((s) => ({
        edges: s.edges.map((edge) => {
          if (edge.id !== id) return edge;
          const def = update(edge.data?.def ?? { from: edge.source, to: edge.target });
          return { ...edge, data: { def }, label: def.when || undefined };
        }),
        dirty: true,
      }));
    },

    removeEdge: (id) => {
      get().checkpoint();
      set((s) => ({ edges: s.edges.filter((edge) => edge.id !== id), dirty: true }));
    },

    setInputs: (inputs, historyKey) => {
      get().checkpoint(historyKey ?? 'inputs');
      set((s) => {
        const keyOrder = s.meta.keyOrder.includes('inputs') ? s.meta.keyOrder : ['inputs', ...s.meta.keyOrder];
        return { meta: { keyOrder, rest: { ...s.meta.rest, inputs } }, dirty: true };
      });
    },

    setOutput: (output, historyKey) => {
      get().checkpoint(historyKey ?? 'output');
      set((s) => {
        const rest = { ...s.meta.rest };
        if (output === undefined || output === '') delete rest.output;
        else rest.output = output;
        return { meta: { ...s.meta, rest }, dirty: true };
      });
    },

    autoLayout: () => {
      get().checkpoint();
      set((s) => {
        const positions = layeredLayout(
          s.nodes.map((node) => node.id),
          s.edges.map((edge) => ({ from: edge.source, to: edge.target })),
        );
        return {
          nodes: s.nodes.map((node) => ({ ...node, position: positions[node.id] ?? node.position })),
          dirty: true,
        };
      });
    },

    undo: () => {
      const { past } = get();
      if (!past.length) return;
      const previous = past[past.length - 1];
      lastCheckpoint = { key: '', at: 0 };
      set((s) => ({ ...previous, past: s.past.slice(0, -1), future: [...s.future, snapshot()], dirty: true }));
    },
    redo: () => {
      const { future } = get();
      if (!future.length) return;
      const next = future[future.length - 1];
      lastCheckpoint = { key: '', at: 0 };
      set((s) => ({ ...next, future: s.future.slice(0, -1), past: [...s.past, snapshot()], dirty: true }));
    },

    definition: () => {
      const { nodes, edges, meta } = get();
      return toDefinition({
        nodes: nodes.map((node) => ({ ...node, position: { x: Math.round(node.position.x), y: Math.round(node.position.y) } })),
        edges,
        meta,
      });
    },

    setServerErrors: (errors, sent) => {
      const routed = routePipelineErrors(errors);
      const nodeErrors: Record<string, FieldError[]> = {};
      const edgeErrors: Record<string, FieldError[]> = {};
      const pipelineErrors = [...routed.other];
      routed.nodes.forEach((list, index) => {
        const id = sent.nodeIds[index];
        if (id) nodeErrors[id] = list;
        else pipelineErrors.push(...list);
      });
      routed.edges.forEach((list, index) => {
        const id = sent.edgeIds[index];
        if (id) edgeErrors[id] = list;
        else pipelineErrors.push(...list);
      });
      set({ nodeErrors, edgeErrors, pipelineErrors });
    },
    clearErrors: () => set({ nodeErrors: {}, edgeErrors: {}, pipelineErrors: [] }),
  };
});

/** Selected element of the canvas, kept apart so selecting never re-renders the graph. */
interface SelectionState {
  nodeId: string | null;
  edgeId: string | null;
  select: (selection: { nodeId?: string | null; edgeId?: string | null }) => void;
}

export const useSelectionStore = create<SelectionState>((set) => ({
  nodeId: null,
  edgeId: null,
  select: ({ nodeId = null, edgeId = null }) =>
    set((s) => (s.nodeId === nodeId && s.edgeId === edgeId ? s : { nodeId, edgeId })),
}));
