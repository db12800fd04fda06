import { describe, expect, it } from 'vitest';
import { canonicalJson, diffLines, diffStats } from './diff';
import { parseInline, parseMarkdown, safeHref } from './markdown';
import { routeFormErrors, routePipelineErrors } from './problemPaths';
import { checkDuration, checkName, checkTemplate } from './validation';
import { formatElapsed } from './format';

describe('diffLines', () => {
  it('marks added and removed lines', () => {
    const lines = diffLines('a\nb\nc', 'a\nB\nc\nd');
    expect(lines.map((l) => `${l.op}:${l.text}`)).toEqual(['same:a', 'del:b', 'add:B', 'same:c', 'add:d']);
    expect(diffStats(lines)).toEqual({ added: 2, removed: 1 });
  });

  it('returns only same lines for equal text', () => {
    expect(diffLines('x\ny', 'x\ny').every((l) => l.op === 'same')).toBe(true);
  });

  it('sorts keys so key order does not count as a change', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe(canonicalJson({ a: { c: 3, d: 2 }, b: 1 }));
  });
});

describe('markdown', () => {
  it('parses headings, lists, code and inline marks', () => {
    const blocks = parseMarkdown('# Title\n\nSome **bold** and *em* and `code`.\n\n- one\n- two\n\n```js\nx()\n```');
    expect(blocks.map((b) => b.t)).toEqual(['heading', 'paragraph', 'list', 'code']);
    const paragraph = blocks[1] as { c: { t: string }[] };
    expect(paragraph.c.map((i) => i.t)).toEqual(['text', 'strong', 'text', 'em', 'text', 'code', 'text']);
  });

  it('refuses unsafe link targets', () => {
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('https://example.com')).toBe('https://example.com');
    expect(parseInline('[x](javascript:alert(1))')[0].t).toBe('text');
  });

  it('keeps raw HTML as text', () => {
    const [block] = parseMarkdown('<script>alert(1)</script>');
    expect(block).toEqual({ t: 'paragraph', c: [{ t: 'text', v: '<script>alert(1)</script>' }] });
  });
});

describe('problem paths', () => {
  it('routes node and edge errors by index', () => {
    const routed = routePipelineErrors([
      { path: 'nodes[2].prompt', message: 'bad' },
      { path: 'spec.edges[1].when', message: 'no' },
      { path: 'output', message: 'unknown node' },
    ]);
    expect(routed.nodes.get(2)?.[0].message).toBe('bad');
    expect(routed.edges.get(1)?.[0].path).toBe('edges[1].when');
    expect(routed.other.map((e) => e.path)).toEqual(['output']);
  });

  it('routes form errors to the longest matching field', () => {
    const { byField, other } = routeFormErrors(
      [
        { path: 'spec.pricing.inputPer1k', message: 'must be positive' },
        { path: 'spec.model', message: 'required' },
        { path: 'spec.weird', message: '?' },
      ],
      ['model', 'pricing', 'pricing.inputPer1k'],
    );
    expect(byField).toEqual({ 'pricing.inputPer1k': 'must be positive', model: 'required' });
    expect(other.length).toBe(1);
  });
});

describe('validation', () => {
  it('checks names, durations and templates', () => {
    expect(checkName('researcher')).toBeNull();
    expect(checkName('Bad Name')).not.toBeNull();
    expect(checkDuration('30s')).toBeNull();
    expect(checkDuration('PT72H')).toBeNull();
    expect(checkDuration('forever')).not.toBeNull();
    expect(checkTemplate('{{inputs.x}}')).toBeNull();
    expect(checkTemplate('{{inputs.x')).not.toBeNull();
  });

  it('formats elapsed time', () => {
    expect(formatElapsed(450)).toBe('450 ms');
    expect(formatElapsed(12_000)).toBe('12 s');
    expect(formatElapsed(125_000)).toBe('2 m 5 s');
  });
});
