import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../api/types';
import { applyEvent, applyEvents, describeEvent, emptyRun, fromSnapshot, withEventDetails } from './runState';

let seq = 0;
const ev = (type: string, nodeId?: string, data: Record<string, unknown> = {}, attempt?: number): RunEvent => ({
  runId: 'r1',
  seq: ++seq,
  ts: new Date(Date.UTC(2025, 0, 1, 0, 0, seq)).toISOString(),
  type,
  nodeId,
  attempt,
  data,
});

describe('run reducer', () => {
  it('follows a run from start to completion', () => {
    seq = 0;
    const events = [
      ev('run.started'),
      ev('node.started', 'research', {}, 1),
      ev('llm.request', 'research', { model: 'gpt-4o-mini' }),
      ev('llm.delta', 'research', { text: 'Hel' }),
      ev('llm.delta', 'research', { text: 'lo' }),
      ev('llm.response', 'research', { tokens: { input: 10, output: 5 }, costUsd: 0.001 }),
      ev('node.completed', 'research', { output: 'Hello' }),
      ev('node.started', 'review', {}, 1),
      ev('approval.requested', 'review', { approvalId: 'a1', assignees: ['group:editors'] }),
    ];
    let state = applyEvents(emptyRun('r1', ['research', 'review']), events);
    expect(state.nodes.research.status).toBe('COMPLETED');
    expect(state.nodes.research.stream).toBe('Hello');
    expect(state.tokens).toEqual({ input: 10, output: 5 });
    expect(state.costUsd).toBeCloseTo(0.001);
    expect(state.status).toBe('WAITING_FOR_APPROVAL');
    expect(state.nodes.review.status).toBe('WAITING_FOR_APPROVAL');
    expect(state.pendingApprovals.map((a) => a.approvalId)).toEqual(['a1']);

    state = applyEvents(state, [
      ev('approval.decided', 'review', { approvalId: 'a1', status: 'APPROVED' }),
      ev('node.completed', 'review', { output: 'Hello' }),
      ev('run.completed', undefined, { output: 'Hello' }),
    ]);
    expect(state.pendingApprovals).toEqual([]);
    expect(state.status).toBe('COMPLETED');
    expect(state.output).toBe('Hello');
    expect(state.log.length).toBe(12);
  });

  it('ignores events it has already seen', () => {
    seq = 0;
    const first = ev('node.started', 'a', {}, 1);
    const state = applyEvent(applyEvent(emptyRun('r1'), first), first);
    expect(state.log.length).toBe(1);
  });

  it('marks retries and failures with their errors', () => {
    seq = 0;
    const state = applyEvents(emptyRun('r1', ['a']), [
      ev('node.started', 'a', {}, 1),
      ev('node.retrying', 'a', { error: { type: 'RateLimited', message: '429' } }, 1),
    ]);
    expect(state.nodes.a.status).toBe('RETRYING');
    expect(state.nodes.a.lastError).toBe('RateLimited: 429');
    const failed = applyEvent(state, ev('node.failed', 'a', { error: 'boom' }));
    expect(failed.nodes.a.status).toBe('FAILED');
  });

  it('starts from a snapshot and continues after its sequence number', () => {
    const state = fromSnapshot(
      {
        runId: 'r1',
        pipeline: { name: 'p', version: 1 },
        status: 'RUNNING',
        nodes: [{ id: 'a', status: 'COMPLETED', tokens: { input: 1, output: 2 } }],
        tokens: { input: 1, output: 2 },
        costUsd: 0.5,
        links: { temporalUi: 'http://temporal/x' },
      },
      7,
    );
    expect(state.seq).toBe(7);
    expect(state.temporalUi).toBe('http://temporal/x');
    const same = applyEvent(state, { runId: 'r1', seq: 7, ts: '', type: 'run.completed' });
    expect(same).toBe(state);
    expect(applyEvent(state, { runId: 'r1', seq: 8, ts: '', type: 'run.completed' }).status).toBe('COMPLETED');
  });

  it('describes tool calls with arguments and results', () => {
    expect(describeEvent({ runId: 'r', seq: 1, ts: '', type: 'tool.call', data: { tool: 'calculator', args: { expression: '2+3' } } })).toBe(
      'Tool calculator called with {"expression":"2+3"}',
    );
    expect(describeEvent({ runId: 'r', seq: 2, ts: '', type: 'tool.result', data: { tool: 'calculator', result: 5 } })).toBe(
      'Tool calculator returned 5',
    );
  });

  it('marks the nodes a rerun reused, from the snapshot and from run.rerun_of (so a replay shows them too)', () => {
    seq = 0;
    const replayed = applyEvents(emptyRun('r2', ['research', 'write']), [
      ev('run.started'),
      ev('run.rerun_of', undefined, { rerunOf: 'r1', reused: ['research'] }),
      ev('node.started', 'write', {}, 1),
    ]);
    expect(replayed.rerunOf).toBe('r1');
    expect(replayed.nodes.research.reused).toBe(true);
    expect(replayed.nodes.write.reused).toBeUndefined();
    expect(describeEvent(ev('run.rerun_of', undefined, { rerunOf: 'r1', reused: ['research'] }))).toBe('Rerun of r1, reusing research');

    const snapshot = fromSnapshot(
      {
        runId: 'r2',
        pipeline: { name: 'p', version: 1 },
        status: 'COMPLETED',
        rerunOf: 'r1',
        nodes: [
          { id: 'research', status: 'COMPLETED', reused: true },
          { id: 'write', status: 'COMPLETED', reused: false },
        ],
      },
      3,
    );
    expect(snapshot.rerunOf).toBe('r1');
    expect(snapshot.nodes.research.reused).toBe(true);
    expect(snapshot.nodes.write.reused).toBe(false);
  });

  it('pauses and resumes back to what the run was doing', () => {
    seq = 0;
    let state = applyEvents(emptyRun('r3', ['a']), [ev('run.started'), ev('node.started', 'a', {}, 1), ev('run.paused', undefined, { by: 'admin' })]);
    expect(state.status).toBe('PAUSED');
    state = applyEvent(state, ev('run.resumed', undefined, { by: 'admin' }));
    expect(state.status).toBe('RUNNING');
  });

  it('a page opened mid-run keeps the snapshot and takes call counts and streamed text from earlier events', () => {
    seq = 0;
    const earlier = [
      ev('run.started'),
      ev('node.started', 'write', {}, 1),
      ev('llm.request', 'write'),
      ev('llm.delta', 'write', { text: '## Notes ' }),
      ev('llm.delta', 'write', { text: 'Asked' }),
    ];
    const snapshot = fromSnapshot(
      { runId: 'r4', pipeline: { name: 'p', version: 1 }, status: 'RUNNING', nodes: [{ id: 'write', status: 'RUNNING', attempt: 1, tokens: { input: 20, output: 0 } }] },
      0,
    );
    const state = withEventDetails(snapshot, earlier);
    expect(state.nodes.write.status).toBe('RUNNING');
    expect(state.nodes.write.tokens).toEqual({ input: 20, output: 0 });
    expect(state.nodes.write.llmCalls).toBe(1);
    expect(state.nodes.write.stream).toBe('## Notes Asked');
    expect(state.seq).toBe(5);
    expect(state.log).toHaveLength(5);
    // Later events continue from there without counting the earlier ones twice.
    const next = applyEvents(state, [earlier[4], ev('llm.delta', 'write', { text: '!' })]);
    expect(next.nodes.write.stream).toBe('## Notes Asked!');
    expect(next.nodes.write.llmCalls).toBe(1);
  });
});
