/** Client-side checks that mirror the server's, so most mistakes are caught before a request. */

export const NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,99}$/;
export const NODE_ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;
/** ISO-8601 durations (`PT72H`, `P1D`) or the short form (`30s`, `5m`, `72h`, `1d`, `500ms`). */
export const DURATION_PATTERN = /^(P(?=\d|T\d)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?|\d+(ms|s|m|h|d))$/i;

export function checkName(name: string): string | null {
  if (!name.trim()) return 'A name is required.';
  if (!NAME_PATTERN.test(name)) return 'Use lowercase letters, digits, ".", "_" or "-", starting with a letter or digit.';
  return null;
}

export function checkDuration(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' || !DURATION_PATTERN.test(value)) return 'Use a duration like 30s, 5m, 72h or PT72H.';
  return null;
}

/** `{{` must always be closed by `}}`. */
export function checkTemplate(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  let depth = 0;
  for (let i = 0; i < value.length - 1; i += 1) {
    if (value[i] === '{' && value[i + 1] === '{') {
      if (depth) return 'A "{{" is opened inside another one.';
      depth = 1;
      i += 1;
    } else if (value[i] === '}' && value[i + 1] === '}') {
      depth = 0;
      i += 1;
    }
  }
  return depth ? 'A "{{" is not closed with "}}".' : null;
}
