import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { toProblem } from '../api/client';
import { registry, runs } from '../api/endpoints';
import type { ProblemDetail, Run, RunEvent, RunLinks } from '../api/types';
import { usePermissions } from '../auth/authStore';
import type { PipelineDefinition } from '../canvas/definition';
import { fromDefinition, type FlowEdge, type FlowNode } from '../canvas/mapper';
import { layeredLayout } from '../canvas/layout';
import { Loading, ProblemBanner, StatusPill } from '../components/Status';
import { elapsedBetween, formatCost, formatDate, formatElapsed, formatNumber, shortId } from '../lib/format';
import { ApprovalWatcher } from './ApprovalWatcher';
import { NodePanel } from './NodePanel';
import { RunGraph } from './RunGraph';
import { followRun, type FeedStatus } from './runFeed';
import { useRunStore } from './runStore';
import { applyEvents, emptyRun, fromSnapshot, TERMINAL, withEventDetails, type RunState } from './runState';
import { TraceLog } from './TraceLog';
import { useNow } from './useNow';
import { useInboxStore } from '../inbox/inboxStore';

interface Graph {
  nodes: FlowNode[];
  edges: FlowEdge[];
}

/** Without the pipeline version (deleted, or no permission), draw the run's nodes in a row. */
function graphFromRun(run: Run): Graph {
  const ids = run.nodes.map((n) => n.id);
  const positions = layeredLayout(ids, []);
  return {
    nodes: run.nodes.map((n) => ({
      id: n.id,
      type: n.type && ['agent', 'tool', 'human_review', 'router', 'subpipeline'].includes(n.type) ? n.type : 'unknown',
      position: positions[n.id],
      data: { def: { id: n.id, type: n.type ?? 'unknown' }, placed: true },
    })),
    edges: [],
  };
}

function Counters() {
  const state = useRunStore((s) => s.state);
  const live = !!state && !TERMINAL.has(state.status) && state.status !== 'PENDING' && !state.asOf;
  const now = useNow(live ? 1000 : null);
  if (!state) return null;
  const asOf = state.asOf ? new Date(state.asOf).getTime() : now;
  return (
    <dl className="counters" data-testid="run-counters">
      <div>
        <dt>Elapsed</dt>
        <dd data-testid="run-elapsed">{formatElapsed(elapsedBetween(state.startedAt, state.endedAt, asOf))}</dd>
      </div>
      <div>
        <dt>Tokens in</dt>
        <dd data-testid="run-tokens-in">{formatNumber(state.tokens.input)}</dd>
      </div>
      <div>
        <dt>Tokens out</dt>
        <dd data-testid="run-tokens-out">{formatNumber(state.tokens.output)}</dd>
      </div>
      <div>
        <dt>Cost</dt>
        <dd data-testid="run-cost">{formatCost(state.costUsd)}</dd>
      </div>
    </dl>
  );
}

function Legend() {
  const statuses = ['pending', 'running', 'retrying', 'waiting_for_approval', 'completed', 'failed', 'skipped'];
  return (
    <ul className="legend" aria-label="Node colours">
      {statuses.map((s) => (
        <li key={s} className={`legend-item status-${s}`}>
          <span className="status-dot" aria-hidden="true" />
          {s.replace(/_/g, ' ')}
        </li>
      ))}
    </ul>
  );
}

function ReplayBar({ events, base, onExit }: { events: RunEvent[]; base: RunState; onExit: () => void }) {
  const setState = useRunStore((s) => s.setState);
  const [position, setPosition] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(4);

  useEffect(() => {
    const shown = applyEvents(base, events.slice(0, position));
    setState({ ...shown, asOf: events[position - 1]?.ts ?? base.startedAt ?? undefined });
  }, [position, events, base, setState]);

  useEffect(() => {
    if (!playing) return;
    if (position >= events.length) {
      setPlaying(false);
      return;
    }
    const timer = setTimeout(() => setPosition((p) => Math.min(events.length, p + 1)), 1000 / speed);
    return () => clearTimeout(timer);
  }, [playing, position, events.length, speed]);

  const current = events[position - 1];
  return (
    <div className="replay-bar" role="group" aria-label="Replay" data-testid="replay-bar">
      <button type="button" className="btn btn-small" onClick={() => (position >= events.length ? (setPosition(0), setPlaying(true)) : setPlaying(!playing))} data-testid="replay-play">
        {playing ? 'Pause' : position >= events.length ? 'Replay again' : 'Play'}
      </button>
      <label className="scrubber">
        <span className="sr-only">Replay position</span>
        <input
          type="range"
          min={0}
          max={events.length}
          value={position}
          onChange={(e) => {
            setPlaying(false);
            setPosition(Number(e.target.value));
          }}
          aria-valuetext={`event ${position} of ${events.length}`}
          data-testid="replay-scrubber"
        />
      </label>
      <span className="replay-position" data-testid="replay-position">
        {position} / {events.length}
        {current ? ` · ${current.type}` : ''}
      </span>
      <label>
        <span className="sr-only">Speed</span>
        <select value={speed} onChange={(e) => setSpeed(Number(e.target.value))}>
          {[1, 4, 10, 30].map((s) => (
            <option key={s} value={s}>
              {s} events/s
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="btn btn-small" onClick={onExit} data-testid="replay-exit">
        Exit replay
      </button>
    </div>
  );
}

export default function RunPage() {
  const { runId = '' } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const { canRun } = usePermissions();
  const setState = useRunStore((s) => s.setState);
  const selectNode = useRunStore((s) => s.selectNode);
  const status = useRunStore((s) => s.state?.status);
  const pipeline = useRunStore((s) => s.state?.pipeline);
  const startedAt = useRunStore((s) => s.state?.startedAt);
  const temporalUi = useRunStore((s) => s.state?.temporalUi);
  const rerunOf = useRunStore((s) => s.state?.rerunOf);
  const [graph, setGraph] = useState<Graph | null>(null);
  const [problem, setProblem] = useState<ProblemDetail | null>(null);
  const [actionProblem, setActionProblem] = useState<ProblemDetail | null>(null);
  const [feed, setFeed] = useState<FeedStatus>('connecting');
  const [replay, setReplay] = useState<{ events: RunEvent[]; base: RunState; saved: RunState } | null>(null);
  const [replayLoading, setReplayLoading] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const linksFromStart = (location.state as { links?: RunLinks } | null)?.links;

  useEffect(() => {
    setState(null);
    selectNode(null);
    setReplay(null);
    setGraph(null);
    setProblem(null);
    const controller = new AbortController();
    let stop: (() => void) | undefined;
    (async () => {
      try {
        const run = await runs.get(runId, controller.signal);
        const initial = fromSnapshot(run, 0);
        if (!initial.temporalUi && linksFromStart?.temporalUi) initial.temporalUi = linksFromStart.temporalUi;
        if (TERMINAL.has(run.status)) {
          const events = await runs.events(runId, 0, controller.signal).catch(() => [] as RunEvent[]);
          setState(withEventDetails(initial, events));
          setFeed('ended');
        } else {
          // Earlier events fill the trace log and the call counts and streamed text the run body lacks.
          const earlier = await runs.events(runId, 0, controller.signal).catch(() => [] as RunEvent[]);
          setState(withEventDetails(initial, earlier));
          if (controller.signal.aborted) return;
          stop = followRun(runId, {
            getState: () => useRunStore.getState().state,
            setState: (next) => useRunStore.getState().setState(next),
            onStatus: setFeed,
            onEvent: (event) => {
              if (event.type === 'approval.requested' || event.type === 'approval.decided') void useInboxStore.getState().refresh();
            },
          });
        }
        try {
          const version = await registry.version('pipelines', run.pipeline.name, run.pipeline.version, controller.signal);
          const g = fromDefinition(version.spec as unknown as PipelineDefinition);
          setGraph({ nodes: g.nodes, edges: g.edges });
        } catch {
          if (!controller.signal.aborted) setGraph(graphFromRun(run));
        }
      } catch (error) {
        if (!controller.signal.aborted) setProblem(toProblem(error));
      }
    })();
    return () => {
      controller.abort();
      stop?.();
    };
  }, [runId, setState, selectNode, linksFromStart?.temporalUi]);

  const startReplay = useCallback(async () => {
    const saved = useRunStore.getState().state;
    if (!saved) return;
    setReplayLoading(true);
    setActionProblem(null);
    try {
      const events = await runs.events(runId, 0);
      const base = { ...emptyRun(runId, graph?.nodes.map((n) => n.id) ?? Object.keys(saved.nodes)), pipeline: saved.pipeline, temporalUi: saved.temporalUi };
      setReplay({ events, base, saved });
    } catch (error) {
      setActionProblem(toProblem(error));
    } finally {
      setReplayLoading(false);
    }
  }, [runId, graph]);

  const act = async (name: string, action: () => Promise<unknown>) => {
    setBusy(name);
    setActionProblem(null);
    try {
      const result = await action();
      const newRun = (result as { runId?: string } | undefined)?.runId;
      if (newRun && newRun !== runId) navigate(`/runs/${encodeURIComponent(newRun)}`);
    } catch (error) {
      setActionProblem(toProblem(error));
    } finally {
      setBusy(null);
    }
  };

  const rerunFrom = useCallback(
    (nodeId: string) => {
      void act(`rerun:${nodeId}`, () => runs.rerun(runId, { fromNode: nodeId }));
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [runId],
  );

  // Actions act on the real run, whatever moment a replay shows.
  const realStatus = replay ? replay.saved.status : status;
  const failedNode = useRunStore((s) => (s.state ? Object.values(s.state.nodes).find((n) => n.status === 'FAILED')?.id : undefined));
  const terminal = !!realStatus && TERMINAL.has(realStatus);
  const graphMemo = useMemo(() => graph ?? { nodes: [], edges: [] as FlowEdge[] }, [graph]);

  if (problem) {
    return (
      <div className="page">
        <h1>Run {shortId(runId)}</h1>
        <ProblemBanner problem={problem} title={problem.status === 404 ? 'No such run' : 'Could not load the run'} />
        <Link to="/runs">Back to runs</Link>
      </div>
    );
  }
  if (!status) return <Loading label="Loading the run…" />;

  return (
    <div className="run-page" data-testid="run-page" data-run-status={status}>
      <header className="run-header">
        <div className="run-title">
          <h1>
            {pipeline ? (
              <Link to={`/canvas/${encodeURIComponent(pipeline.name)}?version=${pipeline.version}`}>
                {pipeline.name} <span className="muted">v{pipeline.version}</span>
              </Link>
            ) : (
              'Run'
            )}{' '}
            <StatusPill status={status} />
          </h1>
          <p className="muted">
            Run <code title={runId}>{shortId(runId)}</code> · started {formatDate(startedAt)} ·{' '}
            {rerunOf && (
              <>
                rerun of{' '}
                <Link to={`/runs/${encodeURIComponent(rerunOf)}`} data-testid="rerun-of">
                  {shortId(rerunOf)}
                </Link>{' '}
                ·{' '}
              </>
            )}
            <span className={`feed feed-${replay ? 'replay' : feed}`} data-testid="feed-status">
              {replay ? 'replaying' : feed === 'live' ? 'live' : feed === 'ended' ? 'finished' : feed}
            </span>
            {temporalUi && (
              <>
                {' · '}
                <a href={temporalUi} target="_blank" rel="noopener noreferrer" data-testid="temporal-link">
                  Open in Temporal UI ↗
                </a>
              </>
            )}
          </p>
        </div>
        <Counters />
        <div className="run-actions">
          <ApprovalWatcher runId={runId} />
          {canRun && !terminal && realStatus !== 'PAUSED' && (
            <button type="button" className="btn btn-small" disabled={!!busy} onClick={() => act('pause', () => runs.pause(runId))} data-testid="pause-run">
              Pause
            </button>
          )}
          {canRun && realStatus === 'PAUSED' && (
            <button type="button" className="btn btn-small" disabled={!!busy} onClick={() => act('resume', () => runs.resume(runId))} data-testid="resume-run">
              Resume
            </button>
          )}
          {canRun && !terminal && (
            <button
              type="button"
              className="btn btn-small btn-danger"
              disabled={!!busy}
              onClick={() => window.confirm('Cancel this run? Nodes in progress stop.') && act('cancel', () => runs.cancel(runId))}
              data-testid="cancel-run"
            >
              Cancel
            </button>
          )}
          {canRun && realStatus === 'FAILED' && (
            <button
              type="button"
              className="btn btn-small btn-primary"
              disabled={!!busy}
              onClick={() => act('retry', () => runs.retry(runId))}
              title="Run again from the failed node, reusing every node that completed"
              data-testid="retry-run"
            >
              {failedNode ? `Retry from ${failedNode}` : 'Retry'}
            </button>
          )}
          {terminal && !replay && (
            <button type="button" className="btn btn-small" disabled={replayLoading} onClick={startReplay} data-testid="replay-run">
              {replayLoading ? 'Loading…' : 'Replay'}
            </button>
          )}
        </div>
      </header>
      <ProblemBanner problem={actionProblem} />
      {replay && (
        <ReplayBar
          events={replay.events}
          base={replay.base}
          onExit={() => {
            setState(replay.saved);
            setReplay(null);
          }}
        />
      )}
      <div className="run-grid">
        <div className="run-graph-area">
          {graph ? <RunGraph nodes={graphMemo.nodes} edges={graphMemo.edges} /> : <Loading label="Drawing the pipeline…" />}
          <Legend />
        </div>
        <aside className="run-side" aria-label="Selected node">
          <NodePanel onRerun={rerunFrom} canRun={canRun} />
        </aside>
      </div>
      <TraceLog />
    </div>
  );
}
