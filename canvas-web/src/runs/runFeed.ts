import { readToken } from '../api/client';
import { runs } from '../api/endpoints';
import type { Run, RunEvent } from '../api/types';
import { applyEvent, fromSnapshot, TERMINAL, type RunState } from './runState';

export type FeedStatus = 'connecting' | 'live' | 'reconnecting' | 'polling' | 'ended';

interface FeedCallbacks {
  getState: () => RunState | null;
  setState: (state: RunState) => void;
  onStatus: (status: FeedStatus) => void;
  onEvent?: (event: RunEvent) => void;
}

const MAX_SOCKET_FAILURES = 3;
const POLL_MS = 2000;

/** Adds events to a trace log, in sequence order, once each. */
export function mergeLog(log: RunEvent[], events: RunEvent[]): RunEvent[] {
  const seen = new Set(log.map((e) => e.seq));
  const added = events.filter((e) => !seen.has(e.seq));
  return added.length ? [...log, ...added].sort((a, b) => a.seq - b.seq) : log;
}

/** The socket address for a run, on the page's own origin. */
export function socketUrl(runId: string, token: string | null, after: number, origin: Location = window.location): string {
  const scheme = origin.protocol === 'https:' ? 'wss:' : 'ws:';
  const params = new URLSearchParams();
  if (token) params.set('token', token);
  params.set('after', String(after));
  return `${scheme}//${origin.host}/ws/runs/${encodeURIComponent(runId)}?${params}`;
}

/**
 * Follows a live run: the WebSocket first (resuming with `after` on reconnect, so nothing is
 * missed or repeated), then polling `/events` if the socket keeps failing (a proxy without
 * WebSocket support, say). Stops when the run ends. Returns a function that stops it.
 */
export function followRun(runId: string, callbacks: FeedCallbacks): () => void {
  let stopped = false;
  let socket: WebSocket | null = null;
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const seq = () => callbacks.getState()?.seq ?? 0;
  const ended = () => TERMINAL.has(callbacks.getState()?.status ?? '');

  const handle = (message: unknown) => {
    const record = (message ?? {}) as Record<string, unknown>;
    if (record.type === 'snapshot' && record.run) {
      const before = callbacks.getState()?.seq ?? 0;
      const snapshotSeq = Number(record.seq ?? 0);
      callbacks.setState(fromSnapshot(record.run as Run, snapshotSeq, callbacks.getState() ?? undefined));
      // The snapshot covers the state; the trace log still wants the events it summarised.
      if (snapshotSeq > before) void backfill(before, snapshotSeq);
      return;
    }
    if (typeof record.type === 'string' && 'seq' in record) {
      const current = callbacks.getState();
      if (!current) return;
      const event = record as unknown as RunEvent;
      callbacks.setState(applyEvent(current, event));
      callbacks.onEvent?.(event);
    }
  };

  const backfill = async (after: number, upTo: number) => {
    try {
      const events = (await runs.events(runId, after)).filter((e) => e.seq <= upTo);
      const current = callbacks.getState();
      if (current && events.length) callbacks.setState({ ...current, log: mergeLog(current.log, events) });
    } catch {
      // The log stays shorter; the state is still right.
    }
  };

  const poll = async () => {
    if (stopped) return;
    try {
      const events = await runs.events(runId, seq());
      for (const event of events) handle(event);
      if (!events.length) {
        const run = await runs.get(runId);
        const current = callbacks.getState();
        if (current) callbacks.setState({ ...fromSnapshot(run, current.seq, current), log: current.log });
      }
    } catch {
      // Keep polling: the next tick may reach the server again.
    }
    if (ended()) {
      callbacks.onStatus('ended');
      return;
    }
    timer = setTimeout(poll, POLL_MS);
  };

  const connect = () => {
    if (stopped) return;
    if (typeof WebSocket === 'undefined' || failures >= MAX_SOCKET_FAILURES) {
      callbacks.onStatus('polling');
      void poll();
      return;
    }
    callbacks.onStatus(failures ? 'reconnecting' : 'connecting');
    let opened = false;
    socket = new WebSocket(socketUrl(runId, readToken(), seq()));
    socket.onopen = () => {
      opened = true;
      failures = 0;
      callbacks.onStatus('live');
    };
    socket.onmessage = (message) => {
      try {
        handle(JSON.parse(String(message.data)));
      } catch {
        // A frame that is not JSON is ignored rather than breaking the view.
      }
    };
    socket.onclose = () => {
      socket = null;
      if (stopped) return;
      if (ended()) {
        callbacks.onStatus('ended');
        return;
      }
      if (!opened) failures += 1;
      const delay = Math.min(8000, 500 * 2 ** failures);
      callbacks.onStatus('reconnecting');
      timer = setTimeout(connect, delay);
    };
  };

  connect();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    if (socket) {
      socket.onclose = null;
      socket.close();
    }
  };
}
