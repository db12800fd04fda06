import type { RegistryKind } from '../api/types';
import { checkDuration, checkTemplate } from '../lib/validation';

export type FieldKind = 'text' | 'url' | 'secret' | 'textarea' | 'number' | 'integer' | 'duration' | 'select' | 'json' | 'ref' | 'refs';

export interface FieldSpec {
  path: string;
  label: string;
  kind: FieldKind;
  required?: boolean;
  options?: ReadonlyArray<{ value: string; label: string }>;
  refKind?: RegistryKind;
  min?: number;
  max?: number;
  rows?: number;
  hint?: string;
  placeholder?: string;
  check?: (value: unknown) => string | null;
}

export interface KindSpec {
  kind: RegistryKind;
  label: string;
  singular: string;
  blurb: string;
  fields: FieldSpec[];
  starter: Record<string, unknown>;
}

const MEMORY_KINDS = [
  { value: 'conversation', label: 'conversation (sliding window)' },
  { value: 'long_term', label: 'long_term (vector recall)' },
];

const GUARDRAIL_KINDS = ['pii_mask', 'max_steps', 'token_budget', 'json_schema', 'blocked_terms', 'require_approval_for'].map((value) => ({
  value,
  label: value,
}));

/** Settings are an object; which fields it needs depends on the kind, and the server names them. */
function checkGuardrailSettings(value: unknown): string | null {
  return value && typeof value === 'object' && !Array.isArray(value) ? null : 'Settings are a JSON object.';
}

const builtinTools = ['calculator', 'current_time', 'http_request', 'read_file', 'write_file', 'search_web'];

export const STUDIO_KINDS: KindSpec[] = [
  {
    kind: 'agents',
    label: 'Agents',
    singular: 'agent',
    blurb: 'An agent is a model, a system prompt and the tools it may call, run as a tool loop.',
    starter: { maxSteps: 8, tokenBudget: 20000, tools: [] },
    fields: [
      { path: 'model', label: 'Model', kind: 'ref', refKind: 'models', required: true },
      { path: 'systemPrompt', label: 'System prompt', kind: 'ref', refKind: 'prompts', required: true },
      { path: 'tools', label: 'Tools', kind: 'refs', refKind: 'tools', hint: 'The tools this agent may call.' },
      { path: 'memory', label: 'Memory', kind: 'ref', refKind: 'memories', hint: 'What the agent keeps between calls; none when empty.' },
      { path: 'guardrails', label: 'Guardrails', kind: 'refs', refKind: 'guardrails', hint: 'Checks applied to what goes to and comes from the model.' },
      { path: 'maxSteps', label: 'Max steps', kind: 'integer', min: 1, max: 100, hint: 'Upper bound of the tool loop.' },
      { path: 'tokenBudget', label: 'Token budget per run', kind: 'integer', min: 1 },
    ],
  },
  {
    kind: 'tools',
    label: 'Tools',
    singular: 'tool',
    blurb: `Tools are functions agents call. Built-ins: ${builtinTools.join(', ')}.`,
    starter: { description: '', parameters: { type: 'object', properties: {} }, permission: 'read', implementation: 'builtin:calculator', timeout: '30s' },
    fields: [
      { path: 'description', label: 'Description', kind: 'textarea', rows: 2, required: true, hint: 'The model reads this to decide when to call the tool.' },
      { path: 'permission', label: 'Permission', kind: 'select', required: true, options: [
        { value: 'read', label: 'read' },
        { value: 'write', label: 'write' },
        { value: 'destructive', label: 'destructive (asks a human first)' },
      ] },
      { path: 'parameters', label: 'Parameters (JSON Schema)', kind: 'json', rows: 8 },
      { path: 'implementation', label: 'Implementation (JSON)', kind: 'json', rows: 3, required: true, hint: '"builtin:calculator", {"http": {...}} or {"mcp": {...}}' },
      { path: 'timeout', label: 'Timeout', kind: 'duration', placeholder: '30s' },
    ],
  },
  {
    kind: 'models',
    label: 'Models',
    singular: 'model',
    blurb: 'A model is a provider, a model name and its settings. API keys are secrets, referred to as secret://name.',
    starter: { provider: 'openai', model: 'gpt-4o-mini', temperature: 0.2, maxTokens: 1024 },
    fields: [
      { path: 'provider', label: 'Provider', kind: 'select', required: true, options: [
        { value: 'openai', label: 'OpenAI-compatible' },
        { value: 'anthropic', label: 'Anthropic' },
        { value: 'ollama', label: 'Ollama' },
        { value: 'local', label: 'Local' },
      ] },
      { path: 'model', label: 'Model name', kind: 'text', required: true, placeholder: 'gpt-4o-mini' },
      { path: 'baseUrl', label: 'Base URL', kind: 'url', placeholder: 'http://host:port/v1', hint: 'Leave empty for the provider default.' },
      { path: 'apiKey', label: 'API key', kind: 'secret', placeholder: 'secret://openai-key', hint: 'A reference to a secret, never the key itself.' },
      { path: 'temperature', label: 'Temperature', kind: 'number', min: 0, max: 2 },
      { path: 'maxTokens', label: 'Max output tokens', kind: 'integer', min: 1 },
      { path: 'pricing.inputPer1k', label: 'Price per 1k input tokens (USD)', kind: 'number', min: 0 },
      { path: 'pricing.outputPer1k', label: 'Price per 1k output tokens (USD)', kind: 'number', min: 0 },
    ],
  },
  {
    kind: 'prompts',
    label: 'System Prompts',
    singular: 'prompt',
    blurb: 'System prompts set an agent’s role and rules. Agents pin a prompt version.',
    starter: { template: '' },
    fields: [{ path: 'template', label: 'Template', kind: 'textarea', rows: 12, required: true, check: checkTemplate }],
  },
  {
    kind: 'memories',
    label: 'Memory',
    singular: 'memory',
    blurb: 'Memory says what an agent keeps between calls: a sliding conversation window, or long-term recall of the most relevant memories.',
    // Field names and ranges mirror the registry's MemoryRules (registry/README.md, "memories").
    starter: { kind: 'conversation', window: 20, ttl: '7d' },
    fields: [
      { path: 'kind', label: 'Kind', kind: 'select', required: true, options: MEMORY_KINDS },
      { path: 'window', label: 'Messages kept (window)', kind: 'integer', min: 1, max: 10000, hint: 'Conversation only: the most recent turns sent with each call.' },
      { path: 'summarizeAfter', label: 'Summarise after', kind: 'integer', min: 1, max: 100000, hint: 'Conversation only: older turns are summarised after this many.' },
      { path: 'topK', label: 'Memories recalled (top K)', kind: 'integer', min: 1, max: 100, hint: 'Long-term only: memories recalled per call.' },
      { path: 'ttl', label: 'Time to live', kind: 'duration', placeholder: '7d' },
    ],
  },
  {
    kind: 'guardrails',
    label: 'Guardrails',
    singular: 'guardrail',
    blurb: 'Guardrails check or rewrite what goes to and comes from models: PII masking, step and token limits, output schemas, blocked terms, approvals.',
    // Field names mirror the registry's GuardrailRules: a kind and its settings object.
    starter: { kind: 'pii_mask', settings: { entities: ['email', 'phone'] } },
    fields: [
      { path: 'kind', label: 'Kind', kind: 'select', required: true, options: GUARDRAIL_KINDS },
      {
        path: 'settings',
        label: 'Settings (JSON)',
        kind: 'json',
        rows: 5,
        hint: 'pii_mask {entities?, replacement?} · max_steps {maxSteps, maxIdenticalToolCalls?, reinjectGoalEvery?} · token_budget {maxTokens, onExceed?: fail|approval} · json_schema {schema} · blocked_terms {terms, caseSensitive?} · require_approval_for {permissions, assignees?}',
        check: checkGuardrailSettings,
      },
    ],
  },
];

export function kindSpec(kind: string | undefined): KindSpec | undefined {
  return STUDIO_KINDS.find((spec) => spec.kind === kind);
}

const URL_PATTERN = /^https?:\/\/[^\s]+$/;

/** Client-side validation mirroring the server's: required fields, ranges, formats. */
export function validateField(field: FieldSpec, value: unknown): string | null {
  const empty = value === undefined || value === null || value === '' || (Array.isArray(value) && field.kind !== 'refs' && !value.length);
  if (empty) return field.required ? `${field.label} is required.` : null;
  switch (field.kind) {
    case 'number':
    case 'integer':
      if (typeof value !== 'number' || Number.isNaN(value)) return 'Enter a number.';
      if (field.kind === 'integer' && !Number.isInteger(value)) return 'Enter a whole number.';
      if (field.min !== undefined && value < field.min) return `Must be at least ${field.min}.`;
      if (field.max !== undefined && value > field.max) return `Must be at most ${field.max}.`;
      return null;
    case 'url':
      return typeof value === 'string' && URL_PATTERN.test(value) ? null : 'Enter an http(s) URL.';
    case 'secret':
      return typeof value === 'string' && value.startsWith('secret://') && value.length > 9
        ? null
        : 'Refer to a secret as secret://name (add it in Secrets first).';
    case 'duration':
      return checkDuration(value);
    case 'ref': {
      const ref = value as { name?: string };
      return ref && typeof ref === 'object' && ref.name ? null : field.required ? `Choose a ${field.label.toLowerCase()}.` : null;
    }
    default:
      return field.check ? field.check(value) : null;
  }
}
