import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Markdown } from './Markdown';

describe('Markdown', () => {
  it('renders headings, lists, emphasis and safe links', () => {
    const html = renderToStaticMarkup(<Markdown source={'# Title\n\nSee [docs](https://example.com) and **this**.\n\n1. one\n2. two'} />);
    expect(html).toContain('<h3>Title</h3>');
    expect(html).toContain('<a href="https://example.com" target="_blank" rel="noopener noreferrer nofollow">docs</a>');
    expect(html).toContain('<strong>this</strong>');
    expect(html).toContain('<ol start="1"><li><p>one</p></li><li><p>two</p></li></ol>');
  });

  it('never emits markup from the source', () => {
    const html = renderToStaticMarkup(<Markdown source={'<img src=x onerror=alert(1)> [x](javascript:alert(1))'} />);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('href="javascript');
    expect(html).toContain('&lt;img');
  });
});
