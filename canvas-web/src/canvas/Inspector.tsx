import { memo, useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { FieldError } from '../api/types';
import { CheckboxField, NumberField, SelectField, TextField } from '../components/Fields';
import { JsonEditor } from '../components/JsonEditor';
import { RefPicker, type Ref } from '../components/RefPicker';
import { checkDuration, NODE_ID_PATTERN } from '../lib/validation';
import { useCatalogStore } from './catalogStore';
import { refOf, type InputSpec, type PipelineNode } from './definition';
import { useGraphStore, useSelectionStore } from './graphStore';
import { fieldOf } from './../lib/problemPaths';
import { TemplateTextarea } from './TemplateTextarea';
import { templateSuggestions } from './templates';

const EMPTY: FieldError[] = [];

/** Graph shape (ids, types, edges) without positions, so dragging does not re-render the panel. */
function useGraphShape() {
  const nodeKey = useGraphStore((s) => s.nodes.map((n) => `${n.id}:${n.data.def.type}`).join('|'));
  const edgeKey = useGraphStore((s) => s.edges.map((e) => `${e.source}>${e.target}`).join('|'));
  return useMemo(
    () => ({
      nodes: nodeKey ? nodeKey.split('|').map((entry) => ({ id: entry.slice(0, entry.lastIndexOf(':')), type: entry.slice(entry.lastIndexOf(':') + 1) })) : [],
      edges: edgeKey ? edgeKey.split('|').map((entry) => ({ source: entry.split('>')[0], target: entry.split('>')[1] })) : [],
    }),
    [nodeKey, edgeKey],
  );
}

function useInputs(): Record<string, InputSpec> {
  return useGraphStore((s) => (s.meta.rest.inputs as Record<string, InputSpec> | undefined) ?? EMPTY_INPUTS);
}
const EMPTY_INPUTS: Record<string, InputSpec> = {};

function errorFor(errors: FieldError[], field: string): string | null {
  const found = errors.filter((e) => {
    const f = fieldOf(e.path);
    return f === field || f.startsWith(`${field}.`) || f.startsWith(`${field}[`);
  });
  return found.length ? found.map((e) => e.message).join(' ') : null;
}

function ErrorList({ errors }: { errors: FieldError[] }) {
  if (!errors.length) return null;
  return (
    <div className="banner banner-error" role="alert" data-testid="inspector-errors">
      <div className="banner-body">
        <strong>The server refused this:</strong>
        <ul className="problem-errors">
          {errors.map((e, i) => (
            <li key={i}>
              <code>{e.path}</code> {e.message}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

function NodeIdField({ id, readOnly }: { id: string; readOnly: boolean }) {
  const renameNode = useGraphStore((s) => s.renameNode);
  const select = useSelectionStore((s) => s.select);
  const [draft, setDraft] = useState(id);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setDraft(id);
    setError(null);
  }, [id]);
  const commit = () => {
    if (draft === id) return;
    if (!NODE_ID_PATTERN.test(draft)) {
      setError('Start with a letter or “_”; then letters, digits, “_” or “-”.');
      return;
    }
    const problem = renameNode(id, draft);
    setError(problem);
    if (!problem) select({ nodeId: draft });
  };
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        commit();
      }}
    >
      <TextField
        label="Node id"
        value={draft}
        onChange={setDraft}
        onBlur={commit}
        error={error}
        disabled={readOnly}
        hint="Templates refer to it as nodes.<id>.output. Renaming updates edges and templates."
        testId="node-id"
      />
    </form>
  );
}

function RetryFields({ node, update, readOnly, errors }: { node: PipelineNode; update: (patch: Partial<PipelineNode>, key: string) => void; readOnly: boolean; errors: FieldError[] }) {
  const retry = node.retry ?? {};
  const setRetry = (patch: Record<string, unknown>) => {
    const next: Record<string, unknown> = { ...retry, ...patch };
    for (const key of Object.keys(next)) if (next[key] === undefined || next[key] === '') delete next[key];
    update({ retry: Object.keys(next).length ? next : undefined }, 'retry');
  };
  return (
    <fieldset className="group">
      <legend>Retry and timeout</legend>
      <div className="form-row">
        <NumberField
          label="Max attempts"
          min={1}
          step={1}
          value={retry.maxAttempts}
          onChange={(v) => setRetry({ maxAttempts: v })}
          disabled={readOnly}
          error={errorFor(errors, 'retry.maxAttempts') ?? errorFor(errors, 'retry') ?? (retry.maxAttempts !== undefined && retry.maxAttempts < 1 ? 'At least 1.' : null)}
          testId="retry-max"
        />
        <TextField
          label="First retry after"
          placeholder="1s"
          value={retry.initialInterval ?? ''}
          onChange={(v) => setRetry({ initialInterval: v })}
          disabled={readOnly}
          error={errorFor(errors, 'retry.initialInterval') ?? checkDuration(retry.initialInterval)}
        />
        <NumberField
          label="Backoff ×"
          min={1}
          value={retry.backoffCoefficient}
          onChange={(v) => setRetry({ backoffCoefficient: v })}
          disabled={readOnly}
        />
      </div>
      {node.type !== 'human_review' && (
        <TextField
          label="Timeout"
          placeholder="120s"
          value={typeof node.timeout === 'string' ? node.timeout : ''}
          onChange={(v) => update({ timeout: v || undefined }, 'timeout')}
          disabled={readOnly}
          error={errorFor(errors, 'timeout') ?? checkDuration(node.timeout)}
          testId="node-timeout"
        />
      )}
    </fieldset>
  );
}

function ToolArgs({ node, update, readOnly, suggestions, errors }: { node: PipelineNode; update: (patch: Partial<PipelineNode>, key: string) => void; readOnly: boolean; suggestions: ReturnType<typeof templateSuggestions>; errors: FieldError[] }) {
  const toolSpec = useCatalogStore((s) => (node.tool?.name ? s.latest.tools?.[node.tool.name]?.spec : undefined));
  const properties = ((toolSpec?.parameters as { properties?: Record<string, { description?: string }> } | undefined)?.properties ?? {}) as Record<string, { description?: string }>;
  const args = (node.args ?? {}) as Record<string, unknown>;
  const names = Array.from(new Set([...Object.keys(properties), ...Object.keys(args).filter((k) => typeof args[k] === 'string')]));
  return (
    <fieldset className="group">
      <legend>Arguments</legend>
      {names.length === 0 && <p className="hint">This tool declares no parameters; use the JSON below.</p>}
      {names.map((name) => (
        <TemplateTextarea
          key={name}
          label={name}
          rows={2}
          value={typeof args[name] === 'string' ? (args[name] as string) : args[name] === undefined ? '' : JSON.stringify(args[name])}
          onChange={(v) => update({ args: { ...args, [name]: v } }, `args.${name}`)}
          suggestions={suggestions}
          readOnly={readOnly}
          hint={properties[name]?.description}
          error={errorFor(errors, `args.${name}`)}
          testId={`arg-${name}`}
        />
      ))}
      <JsonEditor label="All arguments (JSON)" rows={4} value={args} readOnly={readOnly} error={errorFor(errors, 'args')} onChange={(v) => update({ args: (v ?? {}) as Record<string, unknown> }, 'args')} />
    </fieldset>
  );
}

function Connections({ id, readOnly }: { id: string; readOnly: boolean }) {
  const shape = useGraphShape();
  const connect = useGraphStore((s) => s.connect);
  const removeEdge = useGraphStore((s) => s.removeEdge);
  const select = useSelectionStore((s) => s.select);
  const outgoing = useGraphStore(useShallow((s) => s.edges.filter((e) => e.source === id).map((e) => e.id)));
  const [target, setTarget] = useState('');
  const [error, setError] = useState<string | null>(null);
  const candidates = shape.nodes.filter((n) => n.id !== id && !shape.edges.some((e) => e.source === id && e.target === n.id));
  return (
    <fieldset className="group">
      <legend>Outgoing edges</legend>
      {outgoing.length === 0 && <p className="hint">None. Drag from the right handle, or connect here.</p>}
      <ul className="edge-list">
        {outgoing.map((edgeId) => (
          <li key={edgeId}>
            <button type="button" className="link-button" onClick={() => select({ edgeId })}>
              {edgeId.replace('->', ' → ')}
            </button>
            {!readOnly && (
              <button type="button" className="btn btn-ghost btn-small" aria-label={`Remove edge ${edgeId}`} onClick={() => removeEdge(edgeId)}>
                Remove
              </button>
            )}
          </li>
        ))}
      </ul>
      {!readOnly && candidates.length > 0 && (
        <div className="form-row align-end">
          <SelectField
            label="Connect to"
            value={target}
            onChange={setTarget}
            placeholder="Choose a node…"
            options={candidates.map((n) => ({ value: n.id, label: n.id }))}
            error={error}
            testId="connect-target"
          />
          <button
            type="button"
            className="btn btn-small"
            disabled={!target}
            data-testid="connect-add"
            onClick={() => {
              setError(connect(id, target));
              setTarget('');
            }}
          >
            Add edge
          </button>
        </div>
      )}
    </fieldset>
  );
}

const NodeInspector = memo(function NodeInspector({ id, readOnly }: { id: string; readOnly: boolean }) {
  const node = useGraphStore((s) => s.nodes.find((n) => n.id === id)?.data.def);
  const errors = useGraphStore((s) => s.nodeErrors[id] ?? EMPTY);
  const updateNode = useGraphStore((s) => s.updateNode);
  const removeNode = useGraphStore((s) => s.removeNode);
  const select = useSelectionStore((s) => s.select);
  const shape = useGraphShape();
  const inputs = useInputs();
  const suggestions = useMemo(() => templateSuggestions(shape, id, inputs), [shape, id, inputs]);
  const ref = node ? refOf(node) : null;
  const latest = useCatalogStore((s) => (ref && node?.[ref.field] ? s.latest[ref.kind]?.[(node[ref.field] as Ref).name]?.version : undefined));

  if (!node) return null;
  const update = (patch: Partial<PipelineNode>, key: string) =>
    updateNode(
      id,
      (def) => {
        const next: PipelineNode = { ...def, ...patch };
        for (const k of Object.keys(patch)) if (patch[k] === undefined) delete next[k];
        return next;
      },
      `node:${id}:${key}`,
    );
  const pinned = ref ? (node[ref.field] as Ref | undefined) : undefined;
  const upgrade = pinned && typeof pinned.version === 'number' && latest !== undefined && latest > pinned.version;

  return (
    <div className="inspector-body" data-testid="node-inspector">
      <h2 className="inspector-title">
        {node.type === 'human_review' ? 'Human review' : String(node.type)} <span className="muted">node</span>
      </h2>
      <ErrorList errors={errors} />
      <NodeIdField id={id} readOnly={readOnly} />
      {ref && (
        <>
          <RefPicker
            label={ref.kind === 'agents' ? 'Agent' : ref.kind === 'tools' ? 'Tool' : 'Pipeline'}
            kind={ref.kind}
            value={pinned}
            required
            disabled={readOnly}
            error={errorFor(errors, ref.field)}
            onChange={(v) => update({ [ref.field]: v }, ref.field)}
            testId="node-ref"
          />
          {upgrade && (
            <div className="banner banner-warning">
              <div className="banner-body">
                Version {latest} of {pinned.name} is available (pinned: v{pinned.version}).
              </div>
              {!readOnly && (
                <button type="button" className="btn btn-small" onClick={() => update({ [ref.field]: { ...pinned, version: latest } }, ref.field)} data-testid="upgrade-node">
                  Upgrade to v{latest}
                </button>
              )}
            </div>
          )}
        </>
      )}
      {node.type === 'agent' && (
        <TemplateTextarea
          label="Prompt"
          rows={6}
          value={typeof node.prompt === 'string' ? node.prompt : ''}
          onChange={(v) => update({ prompt: v }, 'prompt')}
          suggestions={suggestions}
          readOnly={readOnly}
          error={errorFor(errors, 'prompt')}
          testId="node-prompt"
        />
      )}
      {node.type === 'tool' && <ToolArgs node={node} update={update} readOnly={readOnly} suggestions={suggestions} errors={errors} />}
      {node.type === 'subpipeline' && (
        <JsonEditor label="Input of the child pipeline (JSON, templates allowed in strings)" rows={4} value={node.input ?? {}} readOnly={readOnly} error={errorFor(errors, 'input')} onChange={(v) => update({ input: (v ?? {}) as Record<string, unknown> }, 'input')} />
      )}
      {node.type === 'human_review' && (
        <fieldset className="group">
          <legend>Review gate</legend>
          <TextField label="Title" value={node.title ?? ''} onChange={(v) => update({ title: v }, 'title')} disabled={readOnly} error={errorFor(errors, 'title')} testId="review-title" />
          <TemplateTextarea
            label="Show the reviewer"
            rows={2}
            value={node.show ?? ''}
            onChange={(v) => update({ show: v }, 'show')}
            suggestions={suggestions}
            readOnly={readOnly}
            error={errorFor(errors, 'show')}
            testId="review-show"
          />
          <TextField
            label="Reviewers"
            required
            value={(node.assignees ?? []).join(', ')}
            onChange={(v) => update({ assignees: v.split(',').map((s) => s.trim()).filter(Boolean) }, 'assignees')}
            disabled={readOnly}
            hint="Comma-separated: usernames or group:name (for example group:editors)."
            error={errorFor(errors, 'assignees') ?? (!(node.assignees ?? []).length ? 'Name at least one reviewer.' : null)}
            testId="review-assignees"
          />
          <div className="form-row">
            <TextField label="Timeout" placeholder="72h" value={node.timeout ?? ''} onChange={(v) => update({ timeout: v || undefined }, 'timeout')} disabled={readOnly} error={errorFor(errors, 'timeout') ?? checkDuration(node.timeout)} testId="review-timeout" />
            <SelectField
              label="On timeout"
              value={node.onTimeout ?? ''}
              onChange={(v) => update({ onTimeout: v || undefined }, 'onTimeout')}
              placeholder="—"
              options={[
                { value: 'reject', label: 'reject' },
                { value: 'approve', label: 'approve' },
              ]}
              disabled={readOnly}
              error={errorFor(errors, 'onTimeout')}
              testId="review-on-timeout"
            />
          </div>
          <CheckboxField label="Reviewers may edit the output" checked={node.allowEdit !== false} onChange={(v) => update({ allowEdit: v }, 'allowEdit')} disabled={readOnly} />
        </fieldset>
      )}
      {node.type === 'router' && <p className="hint">A router follows the outgoing edges whose condition holds. Select an edge to set its condition.</p>}
      <RetryFields node={node} update={update} readOnly={readOnly} errors={errors} />
      <Connections id={id} readOnly={readOnly} />
      <details className="raw-json">
        <summary>Raw JSON of this node</summary>
        <JsonEditor
          label="Node"
          rows={10}
          value={node}
          readOnly={readOnly}
          onChange={(v) => {
            if (v && typeof v === 'object' && !Array.isArray(v)) updateNode(id, () => ({ ...(v as PipelineNode), id }), `node:${id}:raw`);
          }}
        />
      </details>
      {!readOnly && (
        <button
          type="button"
          className="btn btn-danger"
          onClick={() => {
            removeNode(id);
            select({});
          }}
          data-testid="delete-node"
        >
          Delete node
        </button>
      )}
    </div>
  );
});

const EdgeInspector = memo(function EdgeInspector({ id, readOnly }: { id: string; readOnly: boolean }) {
  const edge = useGraphStore((s) => s.edges.find((e) => e.id === id));
  const sourceType = useGraphStore((s) => {
    const source = s.edges.find((e) => e.id === id)?.source;
    return s.nodes.find((n) => n.id === source)?.data.def.type;
  });
  const errors = useGraphStore((s) => s.edgeErrors[id] ?? EMPTY);
  const updateEdge = useGraphStore((s) => s.updateEdge);
  const removeEdge = useGraphStore((s) => s.removeEdge);
  const select = useSelectionStore((s) => s.select);
  if (!edge) return null;
  const when = edge.data?.def?.when ?? '';
  const setWhen = (value: string) =>
    updateEdge(id, (def) => {
      const next = { ...def };
      if (value) next.when = value;
      else delete next.when;
      return next;
    });
  return (
    <div className="inspector-body" data-testid="edge-inspector">
      <h2 className="inspector-title">
        Edge <span className="muted">{edge.source} → {edge.target}</span>
      </h2>
      <ErrorList errors={errors} />
      {sourceType === 'human_review' ? (
        <SelectField
          label="Follow when the review is"
          value={String(when)}
          onChange={setWhen}
          placeholder="always (once decided)"
          options={[
            { value: 'approved', label: 'approved' },
            { value: 'rejected', label: 'rejected' },
          ]}
          disabled={readOnly}
          error={errorFor(errors, 'when')}
          testId="edge-when"
        />
      ) : sourceType === 'router' ? (
        <TextField
          label="Condition"
          value={String(when)}
          onChange={setWhen}
          disabled={readOnly}
          placeholder='nodes.classify.output.label == "urgent"'
          hint="A deterministic expression over node outputs. Leave empty for the default branch."
          error={errorFor(errors, 'when')}
          testId="edge-when"
        />
      ) : (
        <>
          {when && <TextField label="Condition" value={String(when)} onChange={setWhen} disabled={readOnly} error={errorFor(errors, 'when') ?? 'Only edges leaving a human review or a router may have a condition.'} testId="edge-when" />}
          <p className="hint">This edge always fires once {edge.source} completes. Conditions belong on edges that leave a human review or a router.</p>
        </>
      )}
      {!readOnly && (
        <button
          type="button"
          className="btn btn-danger"
          onClick={() => {
            removeEdge(id);
            select({});
          }}
          data-testid="delete-edge"
        >
          Delete edge
        </button>
      )}
    </div>
  );
});

function InputsEditor({ readOnly }: { readOnly: boolean }) {
  const inputs = useInputs();
  const setInputs = useGraphStore((s) => s.setInputs);
  const [newName, setNewName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const entries = Object.entries(inputs);
  const add = () => {
    const name = newName.trim();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return setError('Letters, digits and “_”, not starting with a digit.');
    if (inputs[name]) return setError('That input exists already.');
    setError(null);
    setNewName('');
    setInputs({ ...inputs, [name]: { type: 'string', required: true } });
  };
  return (
    <fieldset className="group" data-testid="inputs-editor">
      <legend>Inputs</legend>
      {entries.length === 0 && <p className="hint">No inputs. Runs can then start without a form.</p>}
      {entries.map(([name, spec]) => (
        <div key={name} className="input-row">
          <code className="input-name">{name}</code>
          <label className="sr-only" htmlFor={`input-type-${name}`}>
            Type of {name}
          </label>
          <select
            id={`input-type-${name}`}
            value={spec.type ?? 'string'}
            disabled={readOnly}
            onChange={(e) => setInputs({ ...inputs, [name]: { ...spec, type: e.target.value } })}
          >
            {['string', 'number', 'integer', 'boolean', 'object', 'array'].map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
          <label className="check-inline">
            <input type="checkbox" checked={!!spec.required} disabled={readOnly} onChange={(e) => setInputs({ ...inputs, [name]: { ...spec, required: e.target.checked } })} />
            required
          </label>
          {!readOnly && (
            <button
              type="button"
              className="btn btn-ghost btn-small"
              aria-label={`Remove input ${name}`}
              onClick={() => {
                const next = { ...inputs };
                delete next[name];
                setInputs(next);
              }}
            >
              ×
            </button>
          )}
        </div>
      ))}
      {!readOnly && (
        <form
          className="form-row align-end"
          onSubmit={(event) => {
            event.preventDefault();
            add();
          }}
        >
          <TextField label="New input" value={newName} onChange={setNewName} placeholder="topic" error={error} testId="new-input-name" />
          <button type="submit" className="btn btn-small" data-testid="add-input">
            Add
          </button>
        </form>
      )}
    </fieldset>
  );
}

function PipelineSettings({ readOnly }: { readOnly: boolean }) {
  const output = useGraphStore((s) => (typeof s.meta.rest.output === 'string' ? s.meta.rest.output : ''));
  const setOutput = useGraphStore((s) => s.setOutput);
  const pipelineErrors = useGraphStore((s) => s.pipelineErrors);
  const nodeCount = useGraphStore((s) => s.nodes.length);
  const shape = useGraphShape();
  const inputs = useInputs();
  const suggestions = useMemo(() => templateSuggestions(shape, null, inputs), [shape, inputs]);
  return (
    <div className="inspector-body" data-testid="pipeline-settings">
      <h2 className="inspector-title">Pipeline</h2>
      <ErrorList errors={pipelineErrors} />
      {nodeCount === 0 && (
        <p className="hint">
          Drag agents, tools or a human review from the palette onto the canvas, then connect a node’s right handle to the next node’s left
          handle. Select a node to edit it here.
        </p>
      )}
      <InputsEditor readOnly={readOnly} />
      <TemplateTextarea
        label="Output"
        rows={2}
        value={output}
        onChange={(v) => setOutput(v)}
        suggestions={suggestions}
        readOnly={readOnly}
        error={errorFor(pipelineErrors, 'output')}
        hint="What the run returns, for example {{nodes.write.output}}."
        testId="pipeline-output"
      />
    </div>
  );
}

/** The side panel: the selected node or edge, or the pipeline's own settings. */
export const Inspector = memo(function Inspector({ readOnly }: { readOnly: boolean }) {
  const { nodeId, edgeId } = useSelectionStore(useShallow((s) => ({ nodeId: s.nodeId, edgeId: s.edgeId })));
  const nodeExists = useGraphStore((s) => (nodeId ? s.nodes.some((n) => n.id === nodeId) : false));
  const edgeExists = useGraphStore((s) => (edgeId ? s.edges.some((e) => e.id === edgeId) : false));
  return (
    <aside className="inspector" aria-label="Properties" data-testid="inspector">
      {nodeId && nodeExists ? (
        <NodeInspector key={nodeId} id={nodeId} readOnly={readOnly} />
      ) : edgeId && edgeExists ? (
        <EdgeInspector key={edgeId} id={edgeId} readOnly={readOnly} />
      ) : (
        <PipelineSettings readOnly={readOnly} />
      )}
    </aside>
  );
});
