import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../api/types';
import { buildRunInput } from '../canvas/RunDialog';
import { mergeLog, socketUrl } from './runFeed';

describe('runFeed', () => {
  it('builds the socket address on the page origin with token and resume point', () => {
    const url = socketUrl('run 1', 'tok', 42, { protocol: 'https:', host: 'trellis.example' } as Location);
    expect(url).toBe('wss://trellis.example/ws/runs/run%201?token=tok&after=42');
    expect(socketUrl('r', null, 0, { protocol: 'http:', host: 'localhost:8080' } as Location)).toBe('ws://localhost:8080/ws/runs/r?after=0');
  });

  it('merges events into the log once each, in order', () => {
    const ev = (seq: number): RunEvent => ({ runId: 'r', seq, ts: '', type: 'node.started' });
    const merged = mergeLog([ev(1), ev(4)], [ev(2), ev(4), ev(3)]);
    expect(merged.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
  });
});

describe('run input form', () => {
  it('converts values by declared type and reports missing required inputs', () => {
    const inputs = {
      topic: { type: 'string', required: true },
      count: { type: 'integer' },
      flags: { type: 'object' },
      dryRun: { type: 'boolean' },
    };
    expect(buildRunInput(inputs, { topic: 'x', count: 3, flags: '{"a":1}' })).toEqual({
      input: { topic: 'x', count: 3, flags: { a: 1 }, dryRun: false },
      errors: {},
    });
    const bad = buildRunInput(inputs, { count: 1.5, flags: '{' });
    expect(Object.keys(bad.errors).sort()).toEqual(['count', 'flags', 'topic']);
  });
});

describe('run bodies', () => {
  it('accepts the flat list item shape and the nested run shape', async () => {
    const { normaliseRun } = await import('../api/endpoints');
    const flat = normaliseRun({ runId: 'r', pipeline: 'content', pipelineVersion: 4, status: 'RUNNING', temporalUi: 'http://t/x' });
    expect(flat.pipeline).toEqual({ name: 'content', version: 4 });
    expect(flat.links?.temporalUi).toBe('http://t/x');
    expect(flat.nodes).toEqual([]);
    const nested = normaliseRun({ runId: 'r', pipeline: { name: 'content', version: 2 }, status: 'COMPLETED', nodes: [], links: { temporalUi: 'u' } });
    expect(nested.pipeline).toEqual({ name: 'content', version: 2 });
  });
});
