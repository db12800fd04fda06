import { memo, useEffect, useMemo, useState, type DragEvent } from 'react';
import { useCatalogStore } from './catalogStore';
import type { NodeType, PinnedRef } from './definition';

export const DRAG_MIME = 'application/x-trellis-node';

export interface PaletteItem {
  type: NodeType;
  ref: PinnedRef | null;
}

const NODE_TYPE_ITEMS: Array<{ type: NodeType; label: string; help: string }> = [
  { type: 'agent', label: 'Agent', help: 'Runs an agent on a prompt' },
  { type: 'tool', label: 'Tool', help: 'Calls one tool' },
  { type: 'human_review', label: 'Human review', help: 'Waits for a reviewer' },
  { type: 'router', label: 'Router', help: 'Chooses a branch' },
  { type: 'subpipeline', label: 'Subpipeline', help: 'Runs another pipeline' },
];

const SECTIONS: Array<{ kind: 'agents' | 'tools' | 'pipelines'; type: NodeType; label: string }> = [
  { kind: 'agents', type: 'agent', label: 'Agents' },
  { kind: 'tools', type: 'tool', label: 'Tools' },
  { kind: 'pipelines', type: 'subpipeline', label: 'Pipelines' },
];

function onDragStart(event: DragEvent, item: PaletteItem) {
  event.dataTransfer.setData(DRAG_MIME, JSON.stringify(item));
  event.dataTransfer.setData('text/plain', item.ref?.name ?? item.type);
  event.dataTransfer.effectAllowed = 'copy';
}

/** Node types and registry entities to drag onto the canvas; Enter or click adds one at the centre. */
export const Palette = memo(function Palette({ onAdd, disabled, currentPipeline }: { onAdd: (item: PaletteItem) => void; disabled: boolean; currentPipeline: string }) {
  const [query, setQuery] = useState('');
  const latest = useCatalogStore((s) => s.latest);
  const loading = useCatalogStore((s) => s.loading);
  const errors = useCatalogStore((s) => s.errors);
  const load = useCatalogStore((s) => s.load);
  useEffect(() => {
    for (const section of SECTIONS) void load(section.kind, true);
  }, [load]);

  const q = query.trim().toLowerCase();
  const sections = useMemo(
    () =>
      SECTIONS.map((section) => ({
        ...section,
        entries: Object.values(latest[section.kind] ?? {})
          .filter((v) => !(section.kind === 'pipelines' && v.name === currentPipeline))
          .filter((v) => !q || v.name.toLowerCase().includes(q) || (v.description ?? '').toLowerCase().includes(q))
          .sort((a, b) => a.name.localeCompare(b.name)),
      })),
    [latest, q, currentPipeline],
  );

  const nodeTypes = NODE_TYPE_ITEMS.filter((item) => !q || item.label.toLowerCase().includes(q));

  return (
    <aside className="palette" aria-label="Palette">
      <label className="sr-only" htmlFor="palette-search">
        Search the palette
      </label>
      <input
        id="palette-search"
        type="search"
        placeholder="Search agents, tools…"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        data-testid="palette-search"
      />
      {disabled && <p className="hint">Read-only: you cannot add nodes.</p>}
      <h2 className="palette-title">Node types</h2>
      {nodeTypes.length === 0 && <p className="hint">No match.</p>}
      <ul className="palette-list">
        {nodeTypes.map((item) => (
          <li key={item.type}>
            <button
              type="button"
              className={`palette-item palette-${item.type}`}
              draggable={!disabled}
              disabled={disabled}
              onDragStart={(event) => onDragStart(event, { type: item.type, ref: null })}
              onClick={() => onAdd({ type: item.type, ref: null })}
              title={`${item.help}. Drag onto the canvas, or press Enter to add.`}
              data-testid={`palette-type-${item.type}`}
            >
              <span className="palette-label">{item.label}</span>
              <span className="palette-help">{item.help}</span>
            </button>
          </li>
        ))}
      </ul>
      {sections.map((section) => (
        <section key={section.kind} aria-labelledby={`palette-${section.kind}`}>
          <h2 className="palette-title" id={`palette-${section.kind}`}>
            {section.label}
          </h2>
          {loading[section.kind] && !latest[section.kind] && <p className="hint">Loading…</p>}
          {errors[section.kind] && (
            <p className="field-error" role="alert">
              Could not load {section.kind}.{' '}
              <button type="button" className="link-button" onClick={() => load(section.kind, true)}>
                Retry
              </button>
            </p>
          )}
          {latest[section.kind] && section.entries.length === 0 && (
            <p className="hint">
              {q ? 'No match.' : section.kind === 'pipelines' ? 'No other saved pipelines yet.' : `No ${section.kind} yet. Create them in the Studio.`}
            </p>
          )}
          <ul className="palette-list">
            {section.entries.map((entry) => {
              const item: PaletteItem = { type: section.type, ref: { name: entry.name, version: entry.version } };
              return (
                <li key={entry.name}>
                  <button
                    type="button"
                    className={`palette-item palette-${section.type}`}
                    draggable={!disabled}
                    disabled={disabled}
                    onDragStart={(event) => onDragStart(event, item)}
                    onClick={() => onAdd(item)}
                    title={entry.description || `Add ${entry.name} v${entry.version}`}
                    data-testid={`palette-${section.kind}-${entry.name}`}
                  >
                    <span className="palette-label">{entry.name}</span>
                    <span className="palette-help">v{entry.version}</span>
                  </button>
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </aside>
  );
});
