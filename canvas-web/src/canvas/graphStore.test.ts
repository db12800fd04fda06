import { beforeEach, describe, expect, it } from 'vitest';
import { useGraphStore } from './graphStore';

const store = () => useGraphStore.getState();

describe('graph store', () => {
  beforeEach(() => {
    store().load(null, { name: 'p', description: '', version: null });
  });

  it('adds, connects and serialises nodes with positions', () => {
    const a = store().addNode('agent', { name: 'researcher', version: 2 }, { x: 10.4, y: 20.6 });
    const b = store().addNode('human_review', null, { x: 300, y: 20 });
    expect(store().connect(a, b)).toBeNull();
    const def = store().definition();
    expect(def.nodes.map((n) => n.id)).toEqual(['researcher', 'human_review']);
    expect(def.nodes[1].show).toBe('{{nodes.researcher.output}}');
    expect(def.edges).toEqual([{ from: 'researcher', to: 'human_review' }]);
    expect(def.ui?.positions).toEqual({ researcher: [10, 21], human_review: [300, 20] });
  });

  it('refuses self loops and duplicate edges', () => {
    const a = store().addNode('tool', null, { x: 0, y: 0 });
    const b = store().addNode('tool', null, { x: 0, y: 0 });
    expect(b).toBe('tool_2');
    expect(store().connect(a, a)).not.toBeNull();
    expect(store().connect(a, b)).toBeNull();
    expect(store().connect(a, b)).not.toBeNull();
  });

  it('undoes and redoes', () => {
    store().addNode('router', null, { x: 0, y: 0 });
    store().addNode('router', null, { x: 0, y: 0 });
    expect(store().nodes.length).toBe(2);
    store().undo();
    expect(store().nodes.length).toBe(1);
    store().undo();
    expect(store().nodes.length).toBe(0);
    store().redo();
    store().redo();
    expect(store().nodes.length).toBe(2);
  });

  it('renames a node with its edges and template references', () => {
    const a = store().addNode('agent', null, { x: 0, y: 0 });
    const b = store().addNode('agent', null, { x: 0, y: 0 });
    store().connect(a, b);
    store().updateNode(b, (def) => ({ ...def, prompt: 'Use {{nodes.agent.output}}' }));
    expect(store().renameNode(a, 'research')).toBeNull();
    const def = store().definition();
    expect(def.edges).toEqual([{ from: 'research', to: 'agent_2' }]);
    expect(def.nodes[1].prompt).toBe('Use {{nodes.research.output}}');
    expect(store().renameNode('research', 'agent_2')).not.toBeNull();
  });

  it('routes server errors to nodes and edges by index', () => {
    const a = store().addNode('tool', null, { x: 0, y: 0 });
    const b = store().addNode('tool', null, { x: 0, y: 0 });
    store().connect(a, b);
    store().setServerErrors(
      [
        { path: 'nodes[1].tool', message: 'missing' },
        { path: 'edges[0].when', message: 'not allowed' },
        { path: 'output', message: 'unknown' },
      ],
      { nodeIds: store().nodes.map((n) => n.id), edgeIds: store().edges.map((e) => e.id) },
    );
    expect(store().nodeErrors[b][0].message).toBe('missing');
    expect(store().edgeErrors[`${a}->${b}`][0].message).toBe('not allowed');
    expect(store().pipelineErrors.length).toBe(1);
  });

  it('keeps a loaded definition intact apart from positions', () => {
    const definition = {
      inputs: { topic: { type: 'string', required: true } },
      nodes: [{ id: 'a', type: 'tool', tool: { name: 'calculator', version: 1 }, args: { expression: '1' } }],
      edges: [],
      output: '{{nodes.a.output}}',
    };
    store().load(structuredClone(definition), { name: 'x', description: '', version: 1 });
    const out = store().definition();
    expect({ ...out, ui: undefined }).toEqual({ ...definition, ui: undefined });
    expect(out.ui?.positions?.a).toBeDefined();
  });
});

describe('graph store history for moves', () => {
  it('makes one undo step of a mouse drag and of a burst of arrow-key moves', () => {
    store().load(null, { name: 'p', description: '', version: null });
    const id = store().addNode('tool', null, { x: 0, y: 0 });
    const before = store().past.length;
    store().dragStart();
    for (let i = 1; i <= 5; i += 1) store().onNodesChange([{ type: 'position', id, position: { x: i * 10, y: 0 }, dragging: true }]);
    store().onNodesChange([{ type: 'position', id, position: { x: 60, y: 0 }, dragging: false }]);
    store().dragStop();
    expect(store().past.length).toBe(before + 1);
    for (let i = 1; i <= 3; i += 1) store().onNodesChange([{ type: 'position', id, position: { x: 60 + i * 5, y: 0 } }]);
    expect(store().past.length).toBe(before + 2);
    store().undo();
    expect(store().nodes[0].position.x).toBe(60);
    store().undo();
    expect(store().nodes[0].position.x).toBe(0);
  });
});
