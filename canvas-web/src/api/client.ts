import type { FieldError, ProblemDetail } from './types';

/** A failed request, carrying the server's problem details when it sent any. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: ProblemDetail;

  constructor(status: number, problem: ProblemDetail) {
    super(problem.detail || problem.title || `Request failed (${status})`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }

  get fieldErrors(): FieldError[] {
    return Array.isArray(this.problem.errors) ? this.problem.errors : [];
  }
}

const TOKEN_KEY = 'trellis.token';

export function readToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function writeToken(token: string | null): void {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // Storage can be disabled (private mode); the session then lasts as long as the page.
  }
}

type UnauthorizedListener = () => void;
let onUnauthorized: UnauthorizedListener = () => {};

/** The auth store registers here so any 401 sends the user back to the sign-in screen. */
export function setUnauthorizedListener(listener: UnauthorizedListener): void {
  onUnauthorized = listener;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  signal?: AbortSignal;
  /** Use this token instead of the stored one (sign-in checks a token before keeping it). */
  token?: string;
  /** Do not treat a 401 as "signed out" (sign-in reports it on the form instead). */
  quietUnauthorized?: boolean;
}

async function parseProblem(response: Response): Promise<ProblemDetail> {
  const text = await response.text().catch(() => '');
  if (text) {
    try {
      const parsed = JSON.parse(text) as unknown;
      if (parsed && typeof parsed === 'object') return parsed as ProblemDetail;
    } catch {
      // Not JSON (a proxy's HTML page, say): fall through to a generic problem.
    }
  }
  if (response.status >= 500) {
    return {
      status: response.status,
      title: response.statusText || `HTTP ${response.status}`,
      detail: 'The Trellis server did not answer properly. It may be starting or down; try again in a moment.',
    };
  }
  return { status: response.status, title: response.statusText || `HTTP ${response.status}` };
}

/** Calls the Trellis API on the same origin, with the bearer token, and decodes JSON. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const token = options.token ?? readToken();
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? (options.body !== undefined ? 'POST' : 'GET'),
      headers,
      body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error)?.name === 'AbortError') throw error;
    throw new ApiError(0, {
      title: 'Cannot reach the Trellis server',
      detail: 'The request did not get an answer. Check that the server is running and try again.',
    });
  }
  if (response.status === 401 && !options.quietUnauthorized) {
    onUnauthorized();
  }
  if (!response.ok) {
    throw new ApiError(response.status, await parseProblem(response));
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  if (!text) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError(response.status, {
      title: 'Unexpected answer from the server',
      detail: 'The server answered with something that is not JSON.',
    });
  }
}

/** Encodes a path segment (entity names, run ids). */
export const seg = (value: string | number): string => encodeURIComponent(String(value));

/** Turns any thrown value into a problem to show. */
export function toProblem(error: unknown): ProblemDetail {
  if (error instanceof ApiError) return { ...error.problem, status: error.status || error.problem.status };
  if (error instanceof Error) return { title: 'Something went wrong', detail: error.message };
  return { title: 'Something went wrong' };
}

/** Accepts a bare array, `{items}` or another single array property: list endpoints' pages. */
export function asList<T>(body: unknown, ...keys: string[]): T[] {
  if (Array.isArray(body)) return body as T[];
  if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    for (const key of ['items', ...keys]) {
      if (Array.isArray(record[key])) return record[key] as T[];
    }
  }
  return [];
}
