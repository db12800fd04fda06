import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Connection,
  type OnSelectionChangeParams,
} from '@xyflow/react';
import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useShallow } from 'zustand/react/shallow';
import { ApiError, toProblem } from '../api/client';
import { registry } from '../api/endpoints';
import type { ProblemDetail } from '../api/types';
import { usePermissions } from '../auth/authStore';
import { Loading, Notice, ProblemBanner } from '../components/Status';
import { checkName } from '../lib/validation';
import { useCatalogStore } from './catalogStore';
import type { InputSpec, PipelineDefinition } from './definition';
import { useGraphStore, useSelectionStore } from './graphStore';
import { Inspector } from './Inspector';
import { NODE_HEIGHT, NODE_WIDTH } from './layout';
import { edgeTypes, nodeTypes } from './nodes';
import { NodeModeContext } from './nodes/NodeModeContext';
import { DRAG_MIME, Palette, type PaletteItem } from './Palette';
import { RunDialog } from './RunDialog';

const DELETE_KEYS = ['Delete', 'Backspace'];
const NO_INPUTS: Record<string, InputSpec> = {};
const TYPE_COLOURS: Record<string, string> = { agent: '#2563eb', tool: '#0d9488', human_review: '#7c3aed', router: '#ca8a04', subpipeline: '#db2777' };
const miniMapColour = (node: { type?: string }) => TYPE_COLOURS[node.type ?? ''] ?? '#64748b';

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

function Flow({ readOnly }: { readOnly: boolean }) {
  const { nodes, edges, onNodesChange, onEdgesChange, connect, dragStart, dragStop, addNode } = useGraphStore(
    useShallow((s) => ({
      nodes: s.nodes,
      edges: s.edges,
      onNodesChange: s.onNodesChange,
      onEdgesChange: s.onEdgesChange,
      connect: s.connect,
      dragStart: s.dragStart,
      dragStop: s.dragStop,
      addNode: s.addNode,
    })),
  );
  const select = useSelectionStore((s) => s.select);
  const { screenToFlowPosition } = useReactFlow();
  const [message, setMessage] = useState<string | null>(null);
  // Fit only what is there when the editor opens: fitting later would move the view under the user's next drop.
  const [fitOnInit] = useState(() => nodes.length > 0);

  const onConnect = useCallback(
    (connection: Connection) => {
      const problem = connect(connection.source, connection.target);
      setMessage(problem);
    },
    [connect],
  );
  const onSelectionChange = useCallback(
    ({ nodes: selectedNodes, edges: selectedEdges }: OnSelectionChangeParams) => {
      if (selectedNodes.length === 1) select({ nodeId: selectedNodes[0].id });
      else if (selectedNodes.length === 0 && selectedEdges.length === 1) select({ edgeId: selectedEdges[0].id });
      else if (selectedNodes.length === 0 && selectedEdges.length === 0) select({});
    },
    [select],
  );
  const onDragOver = useCallback((event: DragEvent) => {
    if (event.dataTransfer.types.includes(DRAG_MIME)) {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    }
  }, []);
  const onDrop = useCallback(
    (event: DragEvent) => {
      const raw = event.dataTransfer.getData(DRAG_MIME);
      if (!raw || readOnly) return;
      event.preventDefault();
      const item = JSON.parse(raw) as PaletteItem;
      const position = screenToFlowPosition({ x: event.clientX, y: event.clientY });
      const id = addNode(item.type, item.ref, { x: position.x - NODE_WIDTH / 2, y: position.y - NODE_HEIGHT / 2 });
      select({ nodeId: id });
    },
    [addNode, screenToFlowPosition, select, readOnly],
  );

  return (
    <div className="flow-wrapper" onDragOver={onDragOver} onDrop={onDrop} data-testid="canvas">
      {nodes.length === 0 && (
        <div className="canvas-empty" data-testid="canvas-empty">
          <div>
            <strong>An empty pipeline</strong>
            {readOnly
              ? 'There is nothing here yet.'
              : 'Drag an agent, a tool or a human review here from the palette (or select one and press Enter), then connect the nodes.'}
          </div>
        </div>
      )}
      {message && (
        <div className="flow-message" role="status">
          {message}{' '}
          <button type="button" className="link-button" onClick={() => setMessage(null)}>
            Dismiss
          </button>
        </div>
      )}
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onNodeDragStart={dragStart}
        onNodeDragStop={dragStop}
        onSelectionChange={onSelectionChange}
        isValidConnection={(c) => c.source !== c.target}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        edgesReconnectable={false}
        deleteKeyCode={readOnly ? null : DELETE_KEYS}
        onlyRenderVisibleElements={nodes.length > 120}
        minZoom={0.1}
        maxZoom={2}
        fitView={fitOnInit}
        fitViewOptions={{ padding: 0.2, maxZoom: 1 }}
        proOptions={{ hideAttribution: true }}
        ariaLabelConfig={{ 'node.a11yDescription.default': 'Press Enter or Space to select; arrow keys move a selected node; Delete removes it.' }}
      >
        <Background gap={20} />
        <Controls showInteractive={false} />
        <MiniMap pannable zoomable ariaLabel="Overview of the pipeline" nodeColor={miniMapColour} />
      </ReactFlow>
    </div>
  );
}

function Toolbar({ readOnly }: { readOnly: boolean }) {
  const navigate = useNavigate();
  const { canRun } = usePermissions();
  const state = useGraphStore(
    useShallow((s) => ({
      name: s.name,
      description: s.description,
      version: s.version,
      dirty: s.dirty,
      canUndo: s.past.length > 0,
      canRedo: s.future.length > 0,
      nodeCount: s.nodes.length,
    })),
  );
  const actions = useGraphStore(
    useShallow((s) => ({ undo: s.undo, redo: s.redo, autoLayout: s.autoLayout, setIdentity: s.setIdentity, load: s.load })),
  );
  const inputs = useGraphStore((s) => (s.meta.rest.inputs as Record<string, InputSpec> | undefined) ?? NO_INPUTS);
  const { fitView } = useReactFlow();
  const remember = useCatalogStore((s) => s.remember);
  const pipelines = useCatalogStore((s) => s.latest.pipelines);
  const [nameError, setNameError] = useState<string | null>(null);
  const [problem, setProblem] = useState<ProblemDetail | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [runOpen, setRunOpen] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);

  const save = async () => {
    const error = checkName(state.name);
    setNameError(error);
    setNotice(null);
    setProblem(null);
    if (error) return;
    const store = useGraphStore.getState();
    const definition = store.definition();
    const sent = { nodeIds: store.nodes.map((n) => n.id), edgeIds: store.edges.map((e) => e.id) };
    setBusy(true);
    try {
      const body: { name: string; spec: PipelineDefinition; description?: string } = { name: state.name, spec: definition };
      if (state.description) body.description = state.description;
      const saved = await registry.publish('pipelines', body);
      store.clearErrors();
      store.markSaved(saved.version);
      remember({ ...saved, kind: 'pipelines', name: saved.name ?? state.name });
      setNotice(saved.version === state.version ? `Nothing changed: version ${saved.version} is still the latest.` : `Published version ${saved.version}.`);
      navigate(`/canvas/${encodeURIComponent(state.name)}`, { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.fieldErrors.length) {
        store.setServerErrors(err.fieldErrors, sent);
        setProblem({ ...toProblem(err), detail: 'The nodes and edges it names are marked in red; select one to see why.' });
      } else {
        setProblem(toProblem(err));
      }
    } finally {
      setBusy(false);
    }
  };

  const exportJson = () => {
    const definition = useGraphStore.getState().definition();
    const blob = new Blob([`${JSON.stringify(definition, null, 2)}\n`], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = `${state.name || 'pipeline'}.json`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  const importJson = async (file: File) => {
    setProblem(null);
    try {
      const parsed = JSON.parse(await file.text()) as unknown;
      // Accept a bare definition, a registry version ({spec}) or a fixture ({definition}).
      const record = (parsed ?? {}) as Record<string, unknown>;
      const definition = (record.spec ?? record.definition ?? parsed) as PipelineDefinition;
      if (!definition || !Array.isArray(definition.nodes)) throw new Error('The file has no "nodes" array: it is not a pipeline definition.');
      const current = useGraphStore.getState();
      actions.load(definition, { name: current.name || String(record.name ?? ''), description: current.description, version: current.version });
      useGraphStore.setState({ dirty: true });
      setNotice(`Imported ${definition.nodes.length} nodes from ${file.name}. Save to publish them as a new version.`);
      requestAnimationFrame(() => fitView({ padding: 0.2 }));
    } catch (err) {
      setProblem({ title: 'Could not import the file', detail: (err as Error).message });
    }
  };

  return (
    <div className="canvas-toolbar-wrap">
      <div className="canvas-toolbar" role="toolbar" aria-label="Pipeline">
        <div className="pipeline-identity">
          <label className="sr-only" htmlFor="pipeline-name">
            Pipeline name
          </label>
          <input
            id="pipeline-name"
            className={`pipeline-name${nameError ? ' invalid' : ''}`}
            placeholder="pipeline-name"
            value={state.name}
            readOnly={readOnly || state.version !== null}
            aria-invalid={!!nameError}
            aria-describedby={nameError ? 'pipeline-name-error' : undefined}
            title={state.version !== null ? 'Saving publishes the next version under this name.' : 'Name of the new pipeline'}
            onChange={(e) => actions.setIdentity({ name: e.target.value.trim().toLowerCase() })}
            data-testid="pipeline-name"
          />
          {state.version !== null && <span className="pill" data-testid="pipeline-version">v{state.version}</span>}
          {state.dirty && <span className="pill pill-warning" title="Unsaved changes">unsaved</span>}
          <label className="sr-only" htmlFor="pipeline-description">
            Description
          </label>
          <input
            id="pipeline-description"
            className="pipeline-description"
            placeholder="Description (optional)"
            value={state.description}
            readOnly={readOnly}
            onChange={(e) => actions.setIdentity({ description: e.target.value })}
          />
          <label className="sr-only" htmlFor="open-pipeline">
            Open a pipeline
          </label>
          <select
            id="open-pipeline"
            value=""
            onChange={(e) => {
              if (e.target.value === '__new') navigate('/canvas?new=1');
              else if (e.target.value) navigate(`/canvas/${encodeURIComponent(e.target.value)}`);
            }}
            data-testid="open-pipeline"
          >
            <option value="">Open…</option>
            <option value="__new">New pipeline</option>
            {Object.keys(pipelines ?? {})
              .sort()
              .map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
          </select>
        </div>
        <div className="toolbar-group">
          <button type="button" className="btn btn-small" onClick={actions.undo} disabled={readOnly || !state.canUndo} aria-keyshortcuts="Control+Z" title="Undo (Ctrl+Z)" data-testid="undo">
            Undo
          </button>
          <button type="button" className="btn btn-small" onClick={actions.redo} disabled={readOnly || !state.canRedo} aria-keyshortcuts="Control+Shift+Z" title="Redo (Ctrl+Shift+Z)" data-testid="redo">
            Redo
          </button>
          <button
            type="button"
            className="btn btn-small"
            disabled={readOnly || state.nodeCount === 0}
            onClick={() => {
              actions.autoLayout();
              requestAnimationFrame(() => fitView({ padding: 0.2, duration: 200 }));
            }}
            data-testid="auto-layout"
          >
            Auto-layout
          </button>
        </div>
        <div className="toolbar-group">
          <input
            ref={fileRef}
            type="file"
            accept="application/json,.json"
            className="sr-only"
            tabIndex={-1}
            aria-hidden="true"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void importJson(file);
              e.target.value = '';
            }}
            data-testid="import-file"
          />
          <button type="button" className="btn btn-small" disabled={readOnly} onClick={() => fileRef.current?.click()} data-testid="import">
            Import
          </button>
          <button type="button" className="btn btn-small" onClick={exportJson} data-testid="export">
            Export
          </button>
        </div>
        <div className="toolbar-group">
          {!readOnly && (
            <button type="button" className="btn btn-primary" onClick={save} disabled={busy || state.nodeCount === 0} data-testid="save-pipeline">
              {busy ? 'Saving…' : 'Save'}
            </button>
          )}
          {canRun && (
            <button
              type="button"
              className="btn btn-run"
              disabled={state.version === null}
              title={state.version === null ? 'Save the pipeline before running it.' : undefined}
              onClick={() => setRunOpen(true)}
              data-testid="run-pipeline"
            >
              Run
            </button>
          )}
        </div>
      </div>
      {nameError && (
        <div className="field-error toolbar-error" id="pipeline-name-error" role="alert">
          Pipeline name: {nameError}
        </div>
      )}
      <ProblemBanner problem={problem} testId="save-error" title={problem?.title ?? 'The pipeline was not saved'} />
      {notice && <Notice testId="save-result">{notice}</Notice>}
      {runOpen && state.version !== null && (
        <RunDialog open={runOpen} onClose={() => setRunOpen(false)} pipeline={state.name} version={state.version} inputs={inputs} dirty={state.dirty} />
      )}
    </div>
  );
}

function CanvasWorkspace() {
  const params = useParams();
  const [search] = useSearchParams();
  const { canEdit } = usePermissions();
  const readOnly = !canEdit;
  const load = useGraphStore((s) => s.load);
  const select = useSelectionStore((s) => s.select);
  const { screenToFlowPosition, fitView } = useReactFlow();
  const addNode = useGraphStore((s) => s.addNode);
  const [problem, setProblem] = useState<ProblemDetail | null>(null);
  const [loading, setLoading] = useState(false);
  const pipeline = params.pipeline;
  const wantVersion = search.get('version');
  const wantNew = search.get('new');

  useEffect(() => {
    const catalog = useCatalogStore.getState();
    void catalog.load('pipelines');
  }, []);

  useEffect(() => {
    const current = useGraphStore.getState();
    if (!pipeline) {
      // Keep an unsaved draft when coming back to /canvas; start fresh after a saved pipeline.
      if (current.version !== null || current.name || wantNew) load(null, { name: '', description: '', version: null });
      select({});
      setProblem(null);
      return;
    }
    if (current.name === pipeline && current.version !== null && !wantVersion) return;
    const controller = new AbortController();
    setLoading(true);
    setProblem(null);
    (async () => {
      try {
        const version = wantVersion
          ? await registry.version('pipelines', pipeline, Number(wantVersion), controller.signal)
          : (await registry.versions('pipelines', pipeline, controller.signal)).sort((a, b) => b.version - a.version)[0];
        if (!version) throw new ApiError(404, { title: `No pipeline called “${pipeline}”` });
        load(version.spec as unknown as PipelineDefinition, { name: pipeline, description: version.description ?? '', version: version.version });
        select({});
        requestAnimationFrame(() => fitView({ padding: 0.2, maxZoom: 1 }));
      } catch (error) {
        if (!controller.signal.aborted) setProblem(toProblem(error));
      } finally {
        if (!controller.signal.aborted) setLoading(false);
      }
    })();
    return () => controller.abort();
  }, [pipeline, wantVersion, wantNew, load, select, fitView]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (readOnly || isTyping(event.target)) return;
      const mod = event.ctrlKey || event.metaKey;
      if (mod && event.key.toLowerCase() === 'z') {
        event.preventDefault();
        if (event.shiftKey) useGraphStore.getState().redo();
        else useGraphStore.getState().undo();
      } else if (mod && event.key.toLowerCase() === 'y') {
        event.preventDefault();
        useGraphStore.getState().redo();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [readOnly]);

  const wrapperRef = useRef<HTMLDivElement>(null);
  const addCentered = useCallback(
    (item: PaletteItem) => {
      const box = wrapperRef.current?.querySelector('.flow-wrapper')?.getBoundingClientRect();
      const count = useGraphStore.getState().nodes.length;
      const centre = box
        ? screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 2 })
        : { x: 100, y: 100 };
      const offset = (count % 6) * 24;
      const id = addNode(item.type, item.ref, { x: centre.x - NODE_WIDTH / 2 + offset, y: centre.y - NODE_HEIGHT / 2 + offset });
      select({ nodeId: id });
    },
    [addNode, screenToFlowPosition, select],
  );

  const name = useGraphStore((s) => s.name);
  return (
    <div className="canvas-page" ref={wrapperRef}>
      <Toolbar readOnly={readOnly} />
      {problem && <ProblemBanner problem={problem} title={problem.title ?? `Could not open ${pipeline}`} />}
      <div className="canvas-grid">
        <Palette onAdd={addCentered} disabled={readOnly} currentPipeline={name} />
        <div className="canvas-center">
          {loading ? <Loading label={`Opening ${pipeline}…`} /> : <Flow readOnly={readOnly} />}
        </div>
        <Inspector readOnly={readOnly} />
      </div>
    </div>
  );
}

export default function CanvasPage() {
  return (
    <ReactFlowProvider>
      <NodeModeContext.Provider value="edit">
        <CanvasWorkspace />
      </NodeModeContext.Provider>
    </ReactFlowProvider>
  );
}
