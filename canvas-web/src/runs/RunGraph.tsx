import { Background, Controls, ReactFlow, ReactFlowProvider, type NodeMouseHandler } from '@xyflow/react';
import { memo, useMemo } from 'react';
import { edgeTypes, nodeTypes } from '../canvas/nodes';
import { NodeModeContext } from '../canvas/nodes/NodeModeContext';
import type { FlowEdge, FlowNode } from '../canvas/mapper';
import { useRunStore } from './runStore';

/** The pipeline drawn read-only, coloured by node status from the run store. */
export const RunGraph = memo(function RunGraph({ nodes, edges }: { nodes: FlowNode[]; edges: FlowEdge[] }) {
  const selected = useRunStore((s) => s.selectedNodeId);
  const selectNode = useRunStore((s) => s.selectNode);
  const shown = useMemo(() => nodes.map((node) => (node.id === selected ? { ...node, selected: true } : node)), [nodes, selected]);
  const onNodeClick: NodeMouseHandler<FlowNode> = (_, node) => selectNode(node.id);
  return (
    <ReactFlowProvider>
      <NodeModeContext.Provider value="run">
        <div className="flow-wrapper" data-testid="run-graph">
          <ReactFlow
            nodes={shown}
            edges={edges}
            nodeTypes={nodeTypes}
            edgeTypes={edgeTypes}
            nodesDraggable={false}
            nodesConnectable={false}
            edgesFocusable={false}
            elementsSelectable
            onNodeClick={onNodeClick}
            onPaneClick={() => selectNode(null)}
            deleteKeyCode={null}
            fitView
            fitViewOptions={{ padding: 0.2, maxZoom: 1 }}
            minZoom={0.1}
            proOptions={{ hideAttribution: true }}
          >
            <Background gap={20} />
            <Controls showInteractive={false} />
          </ReactFlow>
        </div>
      </NodeModeContext.Provider>
    </ReactFlowProvider>
  );
});
