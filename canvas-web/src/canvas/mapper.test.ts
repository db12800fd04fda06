import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { PipelineDefinition } from './definition';
import { fromDefinition, toDefinition } from './mapper';

const here = dirname(fileURLToPath(import.meta.url));
const shared = resolve(here, '../../../../shared');
const fixturesDir = join(shared, 'fixtures/pipelines');

function specExample(): PipelineDefinition {
  const markdown = readFileSync(join(shared, 'spec/PIPELINE.md'), 'utf8');
  const block = /```json\n([\s\S]*?)```/.exec(markdown);
  if (!block) throw new Error('PIPELINE.md has no json example');
  return JSON.parse(block[1]) as PipelineDefinition;
}

const validFixtures = readdirSync(fixturesDir)
  .filter((file) => file.startsWith('valid-') && file.endsWith('.json'))
  .sort();

describe('mapper round trip', () => {
  it('finds the shared fixtures', () => {
    expect(validFixtures.length).toBeGreaterThanOrEqual(6);
  });

  it.each(validFixtures)('%s survives definition -> graph -> definition unchanged', (file) => {
    const fixture = JSON.parse(readFileSync(join(fixturesDir, file), 'utf8')) as { definition: PipelineDefinition };
    const original = structuredClone(fixture.definition);
    const back = toDefinition(fromDefinition(fixture.definition));
    expect(back).toStrictEqual(original);
    expect(Object.keys(back)).toEqual(Object.keys(original));
    expect(fixture.definition).toStrictEqual(original);
  });

  it('keeps the PIPELINE.md example unchanged, key order included', () => {
    const example = specExample();
    const back = toDefinition(fromDefinition(structuredClone(example)));
    expect(JSON.stringify(back)).toBe(JSON.stringify(example));
  });

  it('is stable under a second round trip', () => {
    const example = specExample();
    const once = toDefinition(fromDefinition(example));
    expect(toDefinition(fromDefinition(once))).toStrictEqual(once);
  });
});

describe('fromDefinition', () => {
  it('uses saved positions and lays out the rest', () => {
    const graph = fromDefinition(specExample());
    const research = graph.nodes.find((node) => node.id === 'research')!;
    expect(research.position).toEqual({ x: 80, y: 120 });
    expect(research.data.placed).toBe(true);
    const write = graph.nodes.find((node) => node.id === 'write')!;
    expect(write.data.placed).toBe(false);
    expect(Number.isFinite(write.position.x)).toBe(true);
  });

  it('maps node types to custom components and keeps unknown ones drawable', () => {
    const graph = fromDefinition({
      nodes: [
        { id: 'a', type: 'human_review' },
        { id: 'b', type: 'teleport' },
      ],
      edges: [],
    });
    expect(graph.nodes.map((node) => node.type)).toEqual(['human_review', 'unknown']);
  });

  it('gives repeated edges distinct ids and labels conditional edges', () => {
    const graph = fromDefinition({
      nodes: [
        { id: 'a', type: 'router' },
        { id: 'b', type: 'tool' },
      ],
      edges: [
        { from: 'a', to: 'b', when: 'x > 1' },
        { from: 'a', to: 'b' },
      ],
    });
    expect(graph.edges.map((edge) => edge.id)).toEqual(['a->b', 'a->b#2']);
    expect(graph.edges[0].label).toBe('x > 1');
  });
});

describe('toDefinition', () => {
  it('writes positions of placed nodes under ui.positions and keeps other ui fields', () => {
    const graph = fromDefinition({
      nodes: [{ id: 'a', type: 'tool' }],
      edges: [],
      ui: { zoom: 1 },
    });
    graph.nodes[0] = { ...graph.nodes[0], position: { x: 5, y: 6 }, data: { ...graph.nodes[0].data, placed: true } };
    expect(toDefinition(graph).ui).toEqual({ zoom: 1, positions: { a: [5, 6] } });
  });

  it('follows reconnected edges and keeps their conditions', () => {
    const graph = fromDefinition({
      nodes: [
        { id: 'a', type: 'human_review' },
        { id: 'b', type: 'tool' },
        { id: 'c', type: 'tool' },
      ],
      edges: [{ from: 'a', to: 'b', when: 'approved' }],
    });
    graph.edges[0] = { ...graph.edges[0], target: 'c' };
    expect(toDefinition(graph).edges).toEqual([{ from: 'a', to: 'c', when: 'approved' }]);
  });
});

describe('mapper round trip on generated definitions', () => {
  // A small deterministic generator: definitions with extra fields, partial layouts and odd edges.
  function random(seed: number) {
    let state = seed;
    return () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
  }

  // 300 round trips take half a second on an idle machine, but the test command shares small CI
  // boxes with other builds; the default 5 s limit turned load into failures of a correct mapper.
  it('is identity for 300 generated definitions', () => {
    const types = ['agent', 'tool', 'human_review', 'router', 'subpipeline', 'map'];
    for (let seed = 1; seed <= 300; seed += 1) {
      const rnd = random(seed);
      const count = 1 + Math.floor(rnd() * 12);
      const nodes = Array.from({ length: count }, (_, i) => {
        const node: Record<string, unknown> = { id: `n${i}`, type: types[Math.floor(rnd() * types.length)] };
        if (rnd() < 0.5) node.prompt = `Use {{nodes.n${Math.max(0, i - 1)}.output}}`;
        if (rnd() < 0.3) node.retry = { maxAttempts: 1 + Math.floor(rnd() * 5), initialInterval: '1s' };
        if (rnd() < 0.2) node.custom = { nested: [1, 'two', { three: null }] };
        return node;
      });
      const edges: Record<string, unknown>[] = [];
      for (let i = 1; i < count; i += 1) {
        if (rnd() < 0.8) edges.push({ from: `n${Math.floor(rnd() * i)}`, to: `n${i}`, ...(rnd() < 0.2 ? { when: 'approved' } : {}) });
      }
      if (rnd() < 0.1 && count > 1) edges.push({ ...edges[0] });
      const definition: Record<string, unknown> = {};
      if (rnd() < 0.7) definition.inputs = { topic: { type: 'string', required: rnd() < 0.5 } };
      definition.nodes = nodes;
      definition.edges = edges;
      if (rnd() < 0.5) definition.output = `{{nodes.n${count - 1}.output}}`;
      if (rnd() < 0.5) {
        const positions: Record<string, [number, number]> = {};
        for (const node of nodes) if (rnd() < 0.6) positions[node.id as string] = [Math.floor(rnd() * 900), Math.floor(rnd() * 600)];
        definition.ui = rnd() < 0.5 ? { positions } : { positions, zoom: 0.8 };
        if (Object.keys(positions).length === 0 && rnd() < 0.5) definition.ui = { zoom: 1 };
      }
      if (rnd() < 0.2) definition.description = 'extra top-level field';
      const original = structuredClone(definition);
      const back = toDefinition(fromDefinition(definition as unknown as PipelineDefinition));
      const expected = structuredClone(original) as Record<string, unknown> & { ui?: { positions?: Record<string, unknown> } };
      // An empty positions map carries no layout and is not written back.
      if (expected.ui?.positions && Object.keys(expected.ui.positions).length === 0) delete expected.ui.positions;
      expect(back, `seed ${seed}`).toStrictEqual(expected);
    }
  }, 30_000);
});
