#!/usr/bin/env node
/**
 * Screens in their busy states, against the mock gateway (e2e/mock-server.mjs) or a real one:
 * server validation errors on canvas nodes and edges, version history and diff, an inbox item
 * edited with a diff, a viewer's read-only canvas, and a 200-node pipeline being dragged (with
 * frame timing). Pictures go to target/screenshots/.
 *
 *   node e2e/mock-server.mjs --port 8090 & node e2e/states.mjs http://localhost:8090 admin-token
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const OUT = join(here, '..', 'target', 'screenshots');
const BASE = (process.argv[2] ?? 'http://localhost:8090').replace(/\/$/, '');
const TOKEN = process.argv[3] ?? 'admin-token';
const tag = Date.now().toString(36);
mkdirSync(OUT, { recursive: true });

async function api(path, body, token = TOKEN) {
  const response = await fetch(`${BASE}${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

// Seed: a prompt with two versions, a small pipeline, and a 200-node one.
await api('/api/registry/prompts', { name: `careful-${tag}`, spec: { template: 'You are careful.\nCite sources.' } });
await api('/api/registry/prompts', { name: `careful-${tag}`, spec: { template: 'You are careful and concise.\nCite sources.\nUse Markdown.' }, description: 'tighter' });
await api('/api/registry/models', { name: `m-${tag}`, spec: { provider: 'openai', model: 'gpt-4o-mini' } });
await api('/api/registry/agents', { name: `writer-${tag}`, spec: { model: { name: `m-${tag}`, version: 1 }, maxSteps: 4 } });
await api('/api/registry/agents', { name: `writer-${tag}`, spec: { model: { name: `m-${tag}`, version: 1 }, maxSteps: 6 } });
const calc = { name: 'calculator', version: 1 };
const big = { inputs: {}, nodes: [], edges: [] };
for (let i = 0; i < 200; i += 1) {
  big.nodes.push({ id: `n${i}`, type: i % 7 === 3 ? 'agent' : 'tool', ...(i % 7 === 3 ? { agent: { name: `writer-${tag}`, version: 1 }, prompt: 'x' } : { tool: calc, args: { expression: `${i}+1` } }) });
  if (i > 0) big.edges.push({ from: `n${Math.floor((i - 1) / 2)}`, to: `n${i}` });
}
console.log('seed big pipeline', (await api('/api/registry/pipelines', { name: `big-${tag}`, spec: big })).status);
const gate = {
  inputs: { topic: { type: 'string', required: true } },
  nodes: [
    { id: 'draft', type: 'agent', agent: { name: `writer-${tag}`, version: 1 }, prompt: 'Write about {{inputs.topic}}' },
    { id: 'review', type: 'human_review', title: 'Approve the draft', show: '{{nodes.draft.output}}', assignees: ['group:editors'], allowEdit: true, timeout: '72h', onTimeout: 'reject' },
  ],
  edges: [{ from: 'draft', to: 'review' }],
};
await api('/api/registry/pipelines', { name: `gate-${tag}`, spec: gate });
const run = await api('/api/runs', { pipeline: `gate-${tag}`, input: { topic: 'Temporal' }, idempotencyKey: `states-${tag}` });
const viewer = await api('/api/users', { username: `viewer-${tag}`, roles: ['viewer'], groups: [] });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});
const errors = [];
async function signedIn(token) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript((t) => sessionStorage.setItem('trellis.token', t), token);
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && !/status of 400/.test(m.text()) && errors.push(`${page.url()}: ${m.text()}`));
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
  return page;
}
const shot = async (page, name) => {
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(OUT, `${name}.png`) });
  console.log(`  ${name}.png`);
};

const page = await signedIn(TOKEN);

// Version history and diff.
await page.goto(`${BASE}/studio/prompts/careful-${tag}`);
await page.getByTestId('entity-view-history').click();
await shot(page, 'studio-history');
await page.getByTestId('entity-view-diff').click();
await page.getByTestId('line-diff').waitFor();
await shot(page, 'studio-diff');

// Server validation errors on nodes and edges.
await page.goto(`${BASE}/canvas/gate-${tag}`);
await page.locator('.react-flow__node[data-id="review"]').click();
await page.getByTestId('review-assignees').fill('');
await page.locator('.react-flow__node[data-id="draft"]').click();
await page.getByRole('button', { name: 'draft → review' }).click();
await page.getByTestId('edge-when').fill('approved').catch(() => {});
await page.getByTestId('save-pipeline').click();
await page.getByTestId('save-error').waitFor();
await page.locator('.react-flow__node[data-id="review"]').click();
await shot(page, 'canvas-server-errors');
await page.keyboard.press('Control+z');

// The 200-node pipeline: open, drag a node, time the frames.
await page.goto(`${BASE}/canvas/big-${tag}`);
await page.locator('.react-flow__node').first().waitFor();
const node = page.locator('.react-flow__node[data-id="n0"]');
await page.getByRole('button', { name: 'Fit View' }).click();
await page.waitForTimeout(500);
const box = await node.boundingBox();
await page.evaluate(() => {
  window.__frames = [];
  let last = performance.now();
  const tick = (t) => {
    window.__frames.push(t - last);
    last = t;
    if (window.__frames.length < 400) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
});
await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
await page.mouse.down();
const started = Date.now();
for (let i = 0; i < 60; i += 1) await page.mouse.move(box.x + box.width / 2 + i * 4, box.y + box.height / 2 + i * 2);
await page.mouse.up();
const dragMs = Date.now() - started;
const frames = await page.evaluate(() => window.__frames.slice(1));
frames.sort((a, b) => a - b);
const p95 = frames[Math.floor(frames.length * 0.95)];
console.log(`  200 nodes: ${await page.locator('.react-flow__node').count()} rendered, 60 drag moves in ${dragMs} ms, frame p50 ${frames[Math.floor(frames.length / 2)].toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`);
await shot(page, 'canvas-200-nodes');

// An inbox item, edited, with its diff.
await page.waitForTimeout(2500);
await page.goto(`${BASE}/inbox`);
await page.locator('[data-testid^="inbox-item-"]').first().click();
await page.getByTestId('decision-tab-edit').click();
await page.getByTestId('decision-edit').fill('## Draft\n\nAn edited first paragraph.\n\n- first point\n- a better second point');
await shot(page, 'inbox-edit-diff');

// The live run with the approval waiting, seen by the admin.
await page.goto(`${BASE}/runs/${run.body.runId}`);
await page.locator('[data-testid="node-draft"]').click();
await shot(page, 'run-waiting');

// A viewer: everything read-only.
const viewerPage = await signedIn(viewer.body.token);
await viewerPage.goto(`${BASE}/canvas/gate-${tag}`);
await viewerPage.locator('.react-flow__node[data-id="draft"]').click();
await shot(viewerPage, 'viewer-canvas');

await browser.close();
if (errors.length) {
  console.log(`Console errors:\n${errors.join('\n')}`);
  process.exit(1);
}
console.log('No console errors.');
