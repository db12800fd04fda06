/** Line diffs for the version diff fallback and the reviewer's edit-with-diff. */

export type DiffOp = 'same' | 'add' | 'del';

export interface DiffLine {
  op: DiffOp;
  text: string;
  /** 1-based line numbers in the old and new text (absent on the side the line is not in). */
  oldLine?: number;
  newLine?: number;
}

/** Longest-common-subsequence diff; trims the common head and tail first so large texts stay cheap. */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = before.split('\n');
  const b = after.split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head += 1;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail += 1;

  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const n = midA.length;
  const m = midB.length;
  const out: DiffLine[] = [];
  for (let i = 0; i < head; i += 1) out.push({ op: 'same', text: a[i], oldLine: i + 1, newLine: i + 1 });

  if (n * m > 4_000_000) {
    // Too large for a table: show the middle as replaced rather than freeze the page.
    midA.forEach((text, i) => out.push({ op: 'del', text, oldLine: head + i + 1 }));
    midB.forEach((text, i) => out.push({ op: 'add', text, newLine: head + i + 1 }));
  } else {
    const table: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i -= 1) {
      for (let j = m - 1; j >= 0; j -= 1) {
        table[i][j] = midA[i] === midB[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && midA[i] === midB[j]) {
        out.push({ op: 'same', text: midA[i], oldLine: head + i + 1, newLine: head + j + 1 });
        i += 1;
        j += 1;
      } else if (j < m && (i >= n || table[i][j + 1] > table[i + 1][j])) {
        out.push({ op: 'add', text: midB[j], newLine: head + j + 1 });
        j += 1;
      } else {
        out.push({ op: 'del', text: midA[i], oldLine: head + i + 1 });
        i += 1;
      }
    }
  }
  for (let k = 0; k < tail; k += 1) {
    out.push({ op: 'same', text: a[a.length - tail + k], oldLine: a.length - tail + k + 1, newLine: b.length - tail + k + 1 });
  }
  return out;
}

/** JSON with object keys sorted, so two specs diff by content rather than by key order. */
export function canonicalJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v as Record<string, unknown>)
          .sort()
          .map((key) => [key, sort((v as Record<string, unknown>)[key])]),
      );
    }
    return v;
  };
  return JSON.stringify(sort(value), null, 2) ?? 'null';
}

export function diffStats(lines: DiffLine[]): { added: number; removed: number } {
  return {
    added: lines.filter((line) => line.op === 'add').length,
    removed: lines.filter((line) => line.op === 'del').length,
  };
}
