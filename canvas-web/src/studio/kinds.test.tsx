// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EntityEditor } from './EntityEditor';
import { kindSpec, validateField } from './kinds';

/**
 * The Studio's Memory and Guardrail forms must write the fields the registry accepts: the registry
 * refuses unknown fields, so a form with made-up names can never publish. The allowed names are
 * read from the registry's own rule classes rather than copied here, so a rename on either side
 * fails this test.
 */
const specDir = join(dirname(fileURLToPath(import.meta.url)), '../../../registry/src/main/java/dev/trellis/registry/spec');

function javaStringSet(file: string, constant: string): string[] {
  const source = readFileSync(join(specDir, file), 'utf8');
  const match = new RegExp(`${constant}\\s*=\\s*Set\\.of\\(([^)]*)\\)`).exec(source);
  if (!match) throw new Error(`${constant} not found in ${file}`);
  return [...match[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]).sort();
}

const topLevel = (fields: { path: string }[]) => [...new Set(fields.map((f) => f.path.split('.')[0]))].sort();

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('memory form', () => {
  const memory = kindSpec('memories')!;

  it('has exactly the fields MemoryRules allows, and a starter made of them', () => {
    expect(topLevel(memory.fields)).toEqual(javaStringSet('MemoryRules.java', 'FIELDS'));
    for (const key of Object.keys(memory.starter)) expect(javaStringSet('MemoryRules.java', 'FIELDS')).toContain(key);
    expect(memory.starter.kind).toBe('conversation');
  });

  it('offers the kinds the registry accepts and mirrors its ranges', () => {
    const kind = memory.fields.find((f) => f.path === 'kind')!;
    expect(kind.options?.map((o) => o.value)).toEqual(['conversation', 'long_term']);
    expect(validateField(memory.fields.find((f) => f.path === 'window')!, 0)).toBe('Must be at least 1.');
    expect(validateField(memory.fields.find((f) => f.path === 'topK')!, 101)).toBe('Must be at most 100.');
    expect(validateField(kind, undefined)).toBe('Kind is required.');
  });

  it('publishes {kind, window, summarizeAfter, ttl}', async () => {
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ kind: 'memories', name: 'chat', version: 1 }), { status: 201 }));
    vi.stubGlobal('fetch', fetchMock);
    render(<EntityEditor kind={memory} isNew readOnly={false} initial={{ name: 'chat', description: '', spec: memory.starter }} onPublished={() => {}} />);
    fireEvent.change(screen.getByTestId('field-summarizeAfter'), { target: { value: '40' } });
    fireEvent.click(screen.getByTestId('publish'));
    await waitFor(() => expect(fetchMock).toHaveBeenCalled());
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/registry/memories');
    expect(JSON.parse(String(init.body)).spec).toEqual({ kind: 'conversation', window: 20, summarizeAfter: 40, ttl: '7d' });
  });
});

describe('agent form', () => {
  const agent = kindSpec('agents')!;

  it('offers only fields AgentRules allows, memory and guardrails included, and requires what it requires', () => {
    const allowed = javaStringSet('AgentRules.java', 'FIELDS');
    for (const path of topLevel(agent.fields)) expect(allowed).toContain(path);
    expect(topLevel(agent.fields)).toEqual(expect.arrayContaining(['memory', 'guardrails']));
    const source = readFileSync(join(specDir, 'AgentRules.java'), 'utf8');
    const required = [...(/agent\.require\(([^)]*)\)/.exec(source)?.[1] ?? '').matchAll(/"([^"]+)"/g)].map((m) => m[1]).sort();
    expect(required.length).toBeGreaterThan(0);
    expect(agent.fields.filter((f) => f.required).map((f) => f.path).sort()).toEqual(required);
  });
});

describe('guardrail form', () => {
  const guardrail = kindSpec('guardrails')!;

  it('has exactly the fields GuardrailRules allows, and offers its kinds', () => {
    expect(topLevel(guardrail.fields)).toEqual(javaStringSet('GuardrailRules.java', 'FIELDS'));
    const kinds = guardrail.fields.find((f) => f.path === 'kind')!.options!.map((o) => o.value).sort();
    expect(kinds).toEqual(javaStringSet('GuardrailRules.java', 'KINDS'));
    expect(Object.keys(guardrail.starter).sort()).toEqual(['kind', 'settings']);
  });

  it('refuses settings that are not an object before sending', () => {
    const settings = guardrail.fields.find((f) => f.path === 'settings')!;
    expect(validateField(settings, ['password'])).toBe('Settings are a JSON object.');
    expect(validateField(settings, { terms: ['password'] })).toBeNull();
  });

  it('publishes {kind, settings}', async () => {
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ kind: 'guardrails', name: 'no-secrets', version: 1 }), { status: 201 }));
    vi.stubGlobal('fetch', fetchMock);
    render(<EntityEditor kind={guardrail} isNew readOnly={false} initial={{ name: 'no-secrets', description: '', spec: guardrail.starter }} onPublished={() => {}} />);
    fireEvent.change(screen.getByTestId('field-kind'), { target: { value: 'blocked_terms' } });
    fireEvent.change(screen.getByTestId('field-settings'), { target: { value: '{"terms": ["password"]}' } });
    fireEvent.click(screen.getByTestId('publish'));
    await waitFor(() => expect(fetchMock).toHaveBeenCalled());
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(JSON.parse(String(init.body)).spec).toEqual({ kind: 'blocked_terms', settings: { terms: ['password'] } });
  });
});
