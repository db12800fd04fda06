import type { FieldError } from '../api/types';

/**
 * Routes server validation errors to what they name. A pipeline path like `nodes[2].prompt`
 * belongs to the node at index 2 of the definition that was sent; `edges[1].when` to edge 1;
 * anything else (`output`, `inputs.topic`, a cycle) to the pipeline as a whole.
 */
export interface RoutedErrors {
  nodes: Map<number, FieldError[]>;
  edges: Map<number, FieldError[]>;
  other: FieldError[];
}

export function routePipelineErrors(errors: FieldError[]): RoutedErrors {
  const routed: RoutedErrors = { nodes: new Map(), edges: new Map(), other: [] };
  for (const error of errors) {
    const path = String(error.path ?? '').replace(/^(spec|definition)\./, '');
    const match = /^(nodes|edges)\[(\d+)\]/.exec(path);
    if (match) {
      const target = match[1] === 'nodes' ? routed.nodes : routed.edges;
      const index = Number(match[2]);
      target.set(index, [...(target.get(index) ?? []), { ...error, path }]);
    } else {
      routed.other.push({ ...error, path });
    }
  }
  return routed;
}

/** The field part of a node/edge error path: `nodes[2].retry.maxAttempts` -> `retry.maxAttempts`. */
export function fieldOf(path: string): string {
  return path.replace(/^(spec\.|definition\.)?(nodes|edges)\[\d+\]\.?/, '');
}

/** Errors for an entity form: `spec.temperature` and `temperature` both name the form field `temperature`. */
export function routeFormErrors(errors: FieldError[], fields: readonly string[]): { byField: Record<string, string>; other: FieldError[] } {
  const byField: Record<string, string> = {};
  const other: FieldError[] = [];
  for (const error of errors) {
    const path = String(error.path ?? '').replace(/^spec\./, '').replace(/\[(\d+)\]/g, '.$1');
    const field = [...fields].sort((a, b) => b.length - a.length).find((f) => path === f || path.startsWith(`${f}.`));
    if (field) byField[field] = byField[field] ? `${byField[field]} ${error.message}` : error.message;
    else other.push(error);
  }
  return { byField, other };
}
