/**
 * A tiny Markdown parser producing a tree the Markdown component renders as React elements.
 * It never produces HTML strings, so agent output cannot inject markup or scripts; raw HTML in
 * the source is shown as text. Supports headings, paragraphs, lists, block quotes, fenced code,
 * horizontal rules, and inline code, bold, italic, strike-through and http(s)/mailto links.
 */

export type Inline =
  | { t: 'text'; v: string }
  | { t: 'code'; v: string }
  | { t: 'strong'; c: Inline[] }
  | { t: 'em'; c: Inline[] }
  | { t: 'del'; c: Inline[] }
  | { t: 'link'; href: string; c: Inline[] }
  | { t: 'br' };

export type Block =
  | { t: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; c: Inline[] }
  | { t: 'paragraph'; c: Inline[] }
  | { t: 'code'; lang: string; v: string }
  | { t: 'quote'; c: Block[] }
  | { t: 'list'; ordered: boolean; start: number; items: Block[][] }
  | { t: 'hr' };

const SAFE_URL = /^(https?:\/\/|mailto:)/i;

export function safeHref(url: string): string | null {
  const trimmed = url.trim();
  return SAFE_URL.test(trimmed) ? trimmed : null;
}

export function parseInline(source: string): Inline[] {
  const out: Inline[] = [];
  let text = '';
  const flush = () => {
    if (text) out.push({ t: 'text', v: text });
    text = '';
  };
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    const rest = source.slice(i);
    if (ch === '\\' && i + 1 < source.length && /[\\`*_{}[\]()#+\-.!~>]/.test(source[i + 1])) {
      text += source[i + 1];
      i += 2;
      continue;
    }
    if (ch === '`') {
      const end = source.indexOf('`', i + 1);
      if (end > i) {
        flush();
        out.push({ t: 'code', v: source.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    }
    const strong = /^(\*\*|__)(?=\S)([\s\S]*?\S)\1/.exec(rest);
    if (strong) {
      flush();
      out.push({ t: 'strong', c: parseInline(strong[2]) });
      i += strong[0].length;
      continue;
    }
    const strike = /^~~(?=\S)([\s\S]*?\S)~~/.exec(rest);
    if (strike) {
      flush();
      out.push({ t: 'del', c: parseInline(strike[1]) });
      i += strike[0].length;
      continue;
    }
    const em = /^(\*|_)(?=\S)([\s\S]*?\S)\1(?![*_])/.exec(rest);
    if (em && (ch === '*' || i === 0 || !/\w/.test(source[i - 1]))) {
      flush();
      out.push({ t: 'em', c: parseInline(em[2]) });
      i += em[0].length;
      continue;
    }
    const link = /^\[([^\]]*)\]\(([^()\s]+)(?:\s+"[^"]*")?\)/.exec(rest);
    if (link) {
      const href = safeHref(link[2]);
      flush();
      if (href) out.push({ t: 'link', href, c: parseInline(link[1]) });
      else out.push({ t: 'text', v: link[1] });
      i += link[0].length;
      continue;
    }
    const auto = /^https?:\/\/[^\s<>()]+[^\s<>().,;:!?'"]/.exec(rest);
    if (auto && (i === 0 || /[\s(]/.test(source[i - 1]))) {
      flush();
      out.push({ t: 'link', href: auto[0], c: [{ t: 'text', v: auto[0] }] });
      i += auto[0].length;
      continue;
    }
    if (ch === '\n') {
      if (text.endsWith('  ')) {
        text = text.replace(/ +$/, '');
        flush();
        out.push({ t: 'br' });
      } else {
        text += ' ';
      }
      i += 1;
      continue;
    }
    text += ch;
    i += 1;
  }
  flush();
  return out;
}

const LIST_ITEM = /^(\s*)([-*+]|\d{1,9}[.)])\s+(.*)$/;

export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  return parseBlocks(lines);
}

function parseBlocks(lines: string[]): Block[] {
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) {
      i += 1;
      continue;
    }
    const fence = /^\s*(```|~~~)\s*([\w+-]*)\s*$/.exec(line);
    if (fence) {
      const body: string[] = [];
      i += 1;
      while (i < lines.length && !lines[i].trim().startsWith(fence[1])) {
        body.push(lines[i]);
        i += 1;
      }
      i += 1;
      blocks.push({ t: 'code', lang: fence[2], v: body.join('\n') });
      continue;
    }
    const heading = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      blocks.push({ t: 'heading', level: heading[1].length as 1, c: parseInline(heading[2]) });
      i += 1;
      continue;
    }
    if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) {
      blocks.push({ t: 'hr' });
      i += 1;
      continue;
    }
    if (/^\s{0,3}>/.test(line)) {
      const inner: string[] = [];
      while (i < lines.length && /^\s{0,3}>/.test(lines[i])) {
        inner.push(lines[i].replace(/^\s{0,3}>\s?/, ''));
        i += 1;
      }
      blocks.push({ t: 'quote', c: parseBlocks(inner) });
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      const ordered = /\d/.test(item[2]);
      const indent = item[1].length;
      const items: string[][] = [];
      while (i < lines.length) {
        const current = LIST_ITEM.exec(lines[i]);
        if (current && current[1].length <= indent && /\d/.test(current[2]) === ordered) {
          items.push([current[3]]);
          i += 1;
        } else if (lines[i].trim() && items.length && (/^\s+/.test(lines[i]) || !isBlockStart(lines[i]))) {
          items[items.length - 1].push(lines[i].replace(/^\s{1,4}/, ''));
          i += 1;
        } else if (!lines[i].trim() && i + 1 < lines.length && /^\s+\S/.test(lines[i + 1]) && items.length) {
          items[items.length - 1].push('');
          i += 1;
        } else {
          break;
        }
      }
      blocks.push({
        t: 'list',
        ordered,
        start: ordered ? parseInt(item[2], 10) : 1,
        items: items.map((itemLines) => parseBlocks(itemLines)),
      });
      continue;
    }
    const paragraph: string[] = [];
    while (i < lines.length && lines[i].trim() && !(paragraph.length && isBlockStart(lines[i]))) {
      paragraph.push(lines[i]);
      i += 1;
    }
    blocks.push({ t: 'paragraph', c: parseInline(paragraph.join('\n')) });
  }
  return blocks;
}

function isBlockStart(line: string): boolean {
  return (
    /^\s*(```|~~~)/.test(line) ||
    /^\s{0,3}#{1,6}\s/.test(line) ||
    /^\s{0,3}>/.test(line) ||
    LIST_ITEM.test(line) ||
    /^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)
  );
}
