import { describe, expect, it } from 'vitest';
import { applySuggestion, filterSuggestions, openReference, renameReferences, templateSuggestions, upstreamOf } from './templates';

const graph = {
  nodes: [
    { id: 'research', type: 'agent' },
    { id: 'write', type: 'agent' },
    { id: 'review', type: 'human_review' },
    { id: 'publish', type: 'tool' },
    { id: 'side', type: 'tool' },
  ],
  edges: [
    { source: 'research', target: 'write' },
    { source: 'write', target: 'review' },
    { source: 'review', target: 'publish' },
  ],
};

describe('templates', () => {
  it('lists upstream nodes only, nearest first', () => {
    expect(upstreamOf(graph, 'publish')).toEqual(['review', 'write', 'research']);
    expect(upstreamOf(graph, 'side')).toEqual([]);
  });

  it('suggests inputs, upstream outputs and reviewer comments', () => {
    const values = templateSuggestions(graph, 'publish', { topic: {} }).map((s) => s.value);
    expect(values).toEqual([
      'inputs.topic',
      'nodes.review.output',
      'nodes.review.comment',
      'nodes.write.output',
      'nodes.research.output',
    ]);
    expect(templateSuggestions(graph, 'research', {}).length).toBe(0);
  });

  it('detects an open reference at the caret', () => {
    expect(openReference('Hello {{nod', 11)).toEqual({ start: 6, query: 'nod' });
    expect(openReference('Hello {{x}} more', 16)).toBeNull();
    expect(openReference('no braces', 3)).toBeNull();
  });

  it('completes and closes a reference', () => {
    const text = 'Notes: {{nodes.re';
    const open = openReference(text, text.length)!;
    const [first] = filterSuggestions(templateSuggestions(graph, 'publish', {}), open.query);
    expect(first.value).toBe('nodes.review.output');
    expect(applySuggestion(text, text.length, open.start, first.value)).toEqual({
      text: 'Notes: {{nodes.review.output}}',
      caret: 30,
    });
    expect(applySuggestion('{{in}} tail', 4, 0, 'inputs.topic').text).toBe('{{inputs.topic}} tail');
  });

  it('renames references to a node without touching similar ids', () => {
    const value = { prompt: 'A {{nodes.write.output}} B {{nodes.writer.output}}', list: ['{{ nodes.write.comment }}'] };
    expect(renameReferences(value, 'write', 'draft')).toEqual({
      prompt: 'A {{nodes.draft.output}} B {{nodes.writer.output}}',
      list: ['{{ nodes.draft.comment }}'],
    });
  });
});
