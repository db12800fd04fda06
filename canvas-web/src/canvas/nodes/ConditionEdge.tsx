import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { useGraphStore } from '../graphStore';
import type { FlowEdge } from '../mapper';
import { useNodeMode } from './NodeModeContext';

const EMPTY: never[] = [];

/** An edge with its `when` condition as a label, and server validation errors in red. */
export const ConditionEdge = memo(function ConditionEdge(props: EdgeProps<FlowEdge>) {
  const mode = useNodeMode();
  const errors = useGraphStore((s) => (mode === 'edit' ? s.edgeErrors[props.id] ?? EMPTY : EMPTY));
  const [path, labelX, labelY] = getBezierPath(props);
  const when = props.data?.def?.when;
  const className = ['condition-edge', errors.length ? 'has-error' : '', props.selected ? 'is-selected' : ''].filter(Boolean).join(' ');
  return (
    <>
      <BaseEdge id={props.id} path={path} markerEnd={props.markerEnd} className={className} interactionWidth={18} />
      {(when || errors.length > 0) && (
        <EdgeLabelRenderer>
          <div
            className={`edge-label nodrag nopan${errors.length ? ' has-error' : ''}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            data-testid={`edge-label-${props.source}-${props.target}`}
            title={errors.map((e) => e.message).join('\n') || undefined}
          >
            {when && <span>{String(when)}</span>}
            {errors.length > 0 && <span className="edge-error"> ! {errors[0].message}</span>}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
});
