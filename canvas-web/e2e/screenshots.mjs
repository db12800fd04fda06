#!/usr/bin/env node
/**
 * Screenshots of every screen in its loading/error/empty states, for a person to look at.
 *
 *   npm run build && npx vite preview --port 4173 &   # backend down: API calls fail
 *   node e2e/screenshots.mjs [http://localhost:4173]
 *
 * "error" pictures let the real (failing) API answer; "empty" pictures answer every GET with an
 * empty list. Either way GET /api/me is answered by the test so the app gets past sign-in.
 * Pictures go to target/screenshots/; console errors other than the failed requests are listed.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const OUT = join(here, '..', 'target', 'screenshots');
const BASE = (process.argv[2] ?? 'http://localhost:4173').replace(/\/$/, '');
mkdirSync(OUT, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});
const problems = [];

async function session(mode, width = 1280) {
  const context = await browser.newContext({ viewport: { width, height: 800 } });
  await context.addInitScript(() => sessionStorage.setItem('trellis.token', 'screenshot-token'));
  await context.route('**/api/**', async (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/api/me') {
      return route.fulfill({ json: { username: 'ana', roles: ['builder', 'reviewer'], groups: ['editors'] } });
    }
    if (mode === 'empty' && route.request().method() === 'GET') {
      return route.fulfill({ json: url.pathname === '/api/runs' ? { items: [], nextCursor: null } : [] });
    }
    return route.continue();
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource|status of 50\d|WebSocket/.test(m.text())) problems.push(`[${mode}] ${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`[${mode}] ${page.url()}: ${e.message}`));
  return { context, page };
}

async function snap(page, path, name, waitFor) {
  await page.goto(`${BASE}${path}`);
  if (waitFor) await page.locator(waitFor).first().waitFor({ timeout: 10000 }).catch(() => {});
  await page.waitForTimeout(600);
  await page.screenshot({ path: join(OUT, `${name}.png`) });
  console.log(`  ${name}.png  ${path}`);
}

{
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await snap(page, '/login', 'login');
  await page.getByLabel('API token').fill('wrong');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('login-error').waitFor({ timeout: 10000 }).catch(() => {});
  await page.screenshot({ path: join(OUT, 'login-error.png') });
  console.log('  login-error.png');
  await context.close();
}

for (const mode of ['error', 'empty']) {
  const { context, page } = await session(mode);
  await snap(page, '/studio/agents', `${mode}-studio`, '.banner, .empty-state');
  await snap(page, '/studio/models?new=1', `${mode}-studio-new-model`, '[data-testid=entity-editor]');
  await snap(page, '/canvas', `${mode}-canvas`, '[data-testid=canvas]');
  await snap(page, '/runs', `${mode}-runs`, '.banner, .empty-state');
  await snap(page, '/runs/does-not-exist', `${mode}-run`, '.banner, .loading');
  await snap(page, '/inbox', `${mode}-inbox`, '.banner, .empty-state');
  await snap(page, '/secrets', `${mode}-secrets`, '.banner, .empty-state');
  await context.close();
}
{
  const { context, page } = await session('empty', 1024);
  await snap(page, '/canvas', 'narrow-canvas', '[data-testid=canvas]');
  await context.close();
}
await browser.close();
if (problems.length) {
  console.log(`\nConsole errors:\n${problems.join('\n')}`);
  process.exit(1);
}
console.log('\nNo unexpected console errors.');
