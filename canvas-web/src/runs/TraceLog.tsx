import { memo, useEffect, useRef, useState } from 'react';
import type { RunEvent } from '../api/types';
import { formatTime } from '../lib/format';
import { useRunStore } from './runStore';
import { describeEvent } from './runState';

const SHOWN = 400;
const EMPTY: RunEvent[] = [];

/** Every recorded event (LLM calls, tool calls with arguments and results, retries with errors). */
export const TraceLog = memo(function TraceLog() {
  const log = useRunStore((s) => s.state?.log ?? EMPTY);
  const selected = useRunStore((s) => s.selectedNodeId);
  const selectNode = useRunStore((s) => s.selectNode);
  const [onlySelected, setOnlySelected] = useState(false);
  const [showDeltas, setShowDeltas] = useState(false);
  const [follow, setFollow] = useState(true);
  const bottom = useRef<HTMLDivElement>(null);

  const filtered = log.filter((event) => (showDeltas || event.type !== 'llm.delta') && (!onlySelected || !selected || event.nodeId === selected));
  const visible = filtered.slice(-SHOWN);

  useEffect(() => {
    if (follow) bottom.current?.scrollIntoView({ block: 'nearest' });
  }, [visible.length, follow]);

  return (
    <section className="trace-log" aria-labelledby="trace-title" data-testid="trace-log">
      <div className="trace-header">
        <h2 id="trace-title">Trace log</h2>
        <label className="check-inline">
          <input type="checkbox" checked={onlySelected} onChange={(e) => setOnlySelected(e.target.checked)} disabled={!selected} />
          only {selected ?? 'selected node'}
        </label>
        <label className="check-inline">
          <input type="checkbox" checked={showDeltas} onChange={(e) => setShowDeltas(e.target.checked)} />
          token deltas
        </label>
        <label className="check-inline">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} />
          follow
        </label>
        <span className="muted">{filtered.length} events</span>
      </div>
      <div className="trace-body" tabIndex={0} aria-label="Trace events" role="log" aria-live="off">
        {filtered.length > SHOWN && <div className="muted trace-more">{filtered.length - SHOWN} earlier events not shown</div>}
        {visible.length === 0 && <div className="muted trace-more">No events yet.</div>}
        <table className="trace-table">
          <tbody>
            {visible.map((event) => (
              <tr key={`${event.seq}-${event.type}`} className={`trace-row type-${event.type.replace('.', '-')}`} data-type={event.type}>
                <td className="trace-seq">{event.seq}</td>
                <td className="trace-time">{formatTime(event.ts)}</td>
                <td className="trace-type">{event.type}</td>
                <td className="trace-node">
                  {event.nodeId && (
                    <button type="button" className="link-button" onClick={() => selectNode(event.nodeId ?? null)}>
                      {event.nodeId}
                    </button>
                  )}
                </td>
                <td className="trace-text">{describeEvent(event)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div ref={bottom} />
      </div>
    </section>
  );
});
