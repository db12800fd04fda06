import { describe, expect, it } from 'vitest';
import { layeredLayout } from './layout';

describe('layeredLayout', () => {
  it('puts every node right of its predecessors', () => {
    const edges = [
      { from: 'a', to: 'b' },
      { from: 'a', to: 'c' },
      { from: 'b', to: 'd' },
      { from: 'c', to: 'd' },
    ];
    const pos = layeredLayout(['a', 'b', 'c', 'd'], edges);
    for (const edge of edges) expect(pos[edge.to].x).toBeGreaterThan(pos[edge.from].x);
    expect(pos.b.x).toBe(pos.c.x);
    expect(pos.b.y).not.toBe(pos.c.y);
  });

  it('survives cycles and dangling edges', () => {
    const pos = layeredLayout(['a', 'b'], [
      { from: 'a', to: 'b' },
      { from: 'b', to: 'a' },
      { from: 'a', to: 'ghost' },
    ]);
    expect(Object.keys(pos).sort()).toEqual(['a', 'b']);
  });

  it('lays out 200 nodes without overlap', () => {
    const ids = Array.from({ length: 200 }, (_, i) => `n${i}`);
    const edges = ids.slice(1).map((id, i) => ({ from: ids[Math.floor(i / 3)], to: id }));
    const pos = layeredLayout(ids, edges);
    const seen = new Set(Object.values(pos).map((p) => `${p.x},${p.y}`));
    expect(seen.size).toBe(200);
  });
});
