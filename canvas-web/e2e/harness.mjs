/**
 * What the browser scripts share: settings from the environment, a step runner that screenshots
 * every step (and the failing one), console-error capture, and the few moves every story makes
 * (sign in, publish an entity, read a node's status). Each script is its own process, so the
 * module-level state here belongs to one script.
 *
 * Env: TRELLIS_URL, TRELLIS_TOKEN (admin), TRELLIS_STUB_URL (base URL of the model stub),
 * CHROMIUM_PATH (default /usr/bin/chromium), E2E_HEADED=1, E2E_TIMEOUT_MS (per wait, default
 * 20000), E2E_RUN_TIMEOUT_MS (a whole run, default 180000).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const BASE = (process.env.TRELLIS_URL ?? '').replace(/\/$/, '');
export const TOKEN = process.env.TRELLIS_TOKEN ?? '';
export const STUB_URL = process.env.TRELLIS_STUB_URL ?? 'http://localhost:9/v1';
export const WAIT = Number(process.env.E2E_TIMEOUT_MS ?? 20000);
export const RUN_WAIT = Number(process.env.E2E_RUN_TIMEOUT_MS ?? 180000);
/** Makes every name a script creates unique, so scripts can run again against the same server. */
export const suffix = Date.now().toString(36);

const results = [];
const consoleErrors = [];
let shots = '';
let shotIndex = 0;

export function fail(message) {
  console.error(`\ne2e: ${message}`);
  console.error('e2e: 0 passed, 1 failed');
  process.exit(1);
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Checks the settings and the server, cleans this script's screenshot folder and starts Chromium. */
export async function startSuite(name) {
  if (!BASE) fail('TRELLIS_URL is not set (for example TRELLIS_URL=http://localhost:8080).');
  if (!TOKEN) fail('TRELLIS_TOKEN is not set: give the admin token (TRELLIS_BOOTSTRAP_TOKEN of the server).');
  try {
    const response = await fetch(`${BASE}/api/me`, { headers: { Authorization: `Bearer ${TOKEN}` }, signal: AbortSignal.timeout(5000) });
    if (response.status === 401) fail(`${BASE} answered 401 to the admin token: check TRELLIS_TOKEN.`);
  } catch (error) {
    fail(`Trellis is not reachable at ${BASE} (${error.cause?.code ?? error.cause?.message ?? error.message}). Start the server first; this test needs the real backend.`);
  }
  shots = join(here, '..', 'target', 'e2e-screenshots', name);
  rmSync(shots, { recursive: true, force: true });
  mkdirSync(shots, { recursive: true });
  console.log(`e2e ${name} against ${BASE} (screenshots in ${shots})`);
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: process.env.E2E_HEADED !== '1',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-dev-shm-usage'],
  });
}

/** A page in its own browser context (its own sign-in), with console errors collected under `label`. */
export async function newUserPage(browser, label) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(`[${label}] ${message.text()} (${message.location()?.url ?? ''})`);
  });
  page.on('pageerror', (error) => consoleErrors.push(`[${label}] ${error.message}`));
  return page;
}

/** Prints the tally and exits: non-zero when a step failed or the browser logged an error. */
export async function finish(browser) {
  await browser.close().catch(() => {});
  if (consoleErrors.length && results.every((r) => r.ok)) {
    console.error(`  ✗ No console errors\n    ${consoleErrors.join('\n    ')}`);
    results.push({ name: 'No console errors', ok: false });
  }
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log(`\ne2e: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

export async function api(path, { method, body, token = TOKEN } = {}) {
  const response = await fetch(`${BASE}${path}`, {
    method: method ?? (body ? 'POST' : 'GET'),
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method ?? (body ? 'POST' : 'GET')} ${path} -> ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** Model calls the stub has answered so far (it counts them; see OpenAiStub). */
export async function stubCalls() {
  const response = await fetch(new URL('/stub/calls', STUB_URL));
  if (!response.ok) throw new Error(`the model stub answered ${response.status} to /stub/calls`);
  return (await response.json()).completions;
}

export async function shot(page, name) {
  shotIndex += 1;
  const file = join(shots, `${String(shotIndex).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: false }).catch(() => {});
  return file;
}

const slug = (name) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** Runs one step; a failure is reported with its screenshot and stops the story. */
export async function step(name, page, fn) {
  const started = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`  ✓ ${name} (${Date.now() - started} ms)`);
    await shot(page, slug(name));
  } catch (error) {
    results.push({ name, ok: false, error });
    const file = await shot(page, `FAILED-${slug(name)}`);
    console.error(`  ✗ ${name}\n    ${String(error?.message ?? error).split('\n').join('\n    ')}\n    screenshot: ${file}`);
    if (consoleErrors.length) console.error(`    console errors so far:\n      ${consoleErrors.join('\n      ')}`);
    throw error;
  }
}

export async function expectVisible(locator, timeout = WAIT) {
  await locator.first().waitFor({ state: 'visible', timeout });
}

export async function expectText(locator, pattern, timeout = WAIT) {
  const deadline = Date.now() + timeout;
  let last = '';
  while (Date.now() < deadline) {
    last = (await locator.first().textContent().catch(() => '')) ?? '';
    if (pattern.test(last)) return last;
    await sleep(100);
  }
  throw new Error(`expected ${pattern} in ${locator}, saw "${last.slice(0, 200)}"`);
}

export async function signIn(page, token) {
  await page.goto(`${BASE}/login`);
  await page.getByLabel('API token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expectVisible(page.getByTestId('current-user'));
}

/**
 * Publishes a new entity named `name` through the Studio form that `fill` completes; expects
 * version 1, then the entity in the list and its page loaded (what the user ends up looking at).
 */
export async function publishEntity(page, kind, name, fill) {
  await page.goto(`${BASE}/studio/${kind}`);
  await page.getByTestId('new-entity').click();
  await expectVisible(page.getByTestId('entity-editor'));
  await page.getByTestId('field-name').fill(name);
  await fill();
  await page.getByTestId('publish').click();
  await expectText(page.getByTestId('publish-result'), /Published version 1\b/);
  await expectText(page.getByTestId(`entity-${name}`), /v1/);
  await expectVisible(page.getByTestId('entity-editor'));
}

/** Stores a secret through the Secrets screen; the value is never shown again. */
export async function storeSecret(page, name, value) {
  await page.goto(`${BASE}/secrets`);
  await page.getByTestId('secret-name').fill(name);
  await page.getByTestId('secret-value').fill(value);
  await page.getByTestId('secret-save').click();
  await expectText(page.getByTestId('secret-notice'), new RegExp(`secret://${name}`));
}

export async function nodeStatus(page, id) {
  return page.locator(`[data-testid="node-${id}"]`).getAttribute('data-status').catch(() => null);
}

export function runPageWithStatus(page, status) {
  return page.locator(`[data-testid="run-page"][data-run-status="${status}"]`);
}

/** The run id of the run page shown. */
export function currentRunId(page) {
  return decodeURIComponent(new URL(page.url()).pathname.split('/').pop());
}
