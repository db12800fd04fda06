/** Reading and writing nested values by dotted path (`pricing.inputPer1k`). */

export function getPath(target: unknown, path: string): unknown {
  let current: unknown = target;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Returns a copy with the value set; `undefined` removes the key (and empty parents). */
export function setPath<T extends Record<string, unknown>>(target: T, path: string, value: unknown): T {
  const [head, ...rest] = path.split('.');
  const copy: Record<string, unknown> = { ...target };
  if (!rest.length) {
    if (value === undefined) delete copy[head];
    else copy[head] = value;
    return copy as T;
  }
  const child = copy[head] && typeof copy[head] === 'object' && !Array.isArray(copy[head]) ? (copy[head] as Record<string, unknown>) : {};
  const updated = setPath(child, rest.join('.'), value);
  if (Object.keys(updated).length === 0) delete copy[head];
  else copy[head] = updated;
  return copy as T;
}
