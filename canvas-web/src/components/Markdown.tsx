import { memo, useMemo, type ReactNode } from 'react';
import { parseMarkdown, type Block, type Inline } from '../lib/markdown';

function renderInline(nodes: Inline[]): ReactNode[] {
  return nodes.map((node, index) => {
    switch (node.t) {
      case 'text':
        return node.v;
      case 'code':
        return <code key={index}>{node.v}</code>;
      case 'strong':
        return <strong key={index}>{renderInline(node.c)}</strong>;
      case 'em':
        return <em key={index}>{renderInline(node.c)}</em>;
      case 'del':
        return <del key={index}>{renderInline(node.c)}</del>;
      case 'link':
        return (
          <a key={index} href={node.href} target="_blank" rel="noopener noreferrer nofollow">
            {renderInline(node.c)}
          </a>
        );
      case 'br':
        return <br key={index} />;
      default:
        return null;
    }
  });
}

function renderBlocks(blocks: Block[]): ReactNode[] {
  return blocks.map((block, index) => {
    switch (block.t) {
      case 'heading': {
        const Tag = `h${Math.min(6, block.level + 2)}` as 'h3';
        return <Tag key={index}>{renderInline(block.c)}</Tag>;
      }
      case 'paragraph':
        return <p key={index}>{renderInline(block.c)}</p>;
      case 'code':
        return (
          <pre key={index} className="md-code">
            <code>{block.v}</code>
          </pre>
        );
      case 'quote':
        return <blockquote key={index}>{renderBlocks(block.c)}</blockquote>;
      case 'list': {
        const items = block.items.map((item, i) => <li key={i}>{renderBlocks(item)}</li>);
        return block.ordered ? (
          <ol key={index} start={block.start}>
            {items}
          </ol>
        ) : (
          <ul key={index}>{items}</ul>
        );
      }
      case 'hr':
        return <hr key={index} />;
      default:
        return null;
    }
  });
}

/** Renders Markdown as React elements (never as an HTML string), so it is safe for agent output. */
export const Markdown = memo(function Markdown({ source, testId }: { source: string; testId?: string }) {
  const blocks = useMemo(() => parseMarkdown(source), [source]);
  return (
    <div className="markdown" data-testid={testId}>
      {renderBlocks(blocks)}
    </div>
  );
});
