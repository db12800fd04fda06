#!/usr/bin/env node
/**
 * End-to-end: what a person does in Trellis, in a real headless Chromium against a running server.
 *
 *   TRELLIS_URL=http://localhost:8080 TRELLIS_TOKEN=<admin token> [TRELLIS_STUB_URL=http://stub/v1] npm run e2e
 *
 * Signs in; stores a secret; creates a model, a prompt, a memory, a guardrail and two agents in the
 * Studio; builds
 * research -> write -> human review -> publish (calculator) on the canvas by dragging palette
 * items and connecting handles; saves; runs; watches the nodes change colour; creates a reviewer
 * and approves in the modal as that user in a second browser context; sees the run complete;
 * reopens the run and replays it. Every step asserts what is on screen; screenshots go to
 * target/e2e-screenshots/studio-canvas-run/. Settings: see harness.mjs.
 */
import { isDeepStrictEqual } from 'node:util';
import {
  api,
  BASE,
  currentRunId,
  expectText,
  expectVisible,
  finish,
  newUserPage,
  nodeStatus,
  publishEntity,
  RUN_WAIT,
  runPageWithStatus,
  shot,
  signIn,
  sleep,
  startSuite,
  step,
  storeSecret,
  STUB_URL,
  suffix,
  TOKEN,
  WAIT,
} from './harness.mjs';

const names = {
  model: `e2e-model-${suffix}`,
  prompt: `e2e-prompt-${suffix}`,
  memory: `e2e-memory-${suffix}`,
  guardrail: `e2e-guardrail-${suffix}`,
  researcher: `e2e-researcher-${suffix}`,
  writer: `e2e-writer-${suffix}`,
  pipeline: `e2e-pipeline-${suffix}`,
  reviewer: `e2e-reviewer-${suffix}`,
  secret: `e2e-key-${suffix}`,
};

async function selectOption(page, testId, label) {
  const select = page.getByTestId(testId);
  await expectVisible(select);
  const deadline = Date.now() + WAIT;
  while (Date.now() < deadline) {
    const options = await select.locator('option').allTextContents();
    if (options.some((o) => o.trim() === label)) break;
    await sleep(100);
  }
  await select.selectOption({ label });
}


async function dropFromPalette(page, testId, x, y) {
  const canvas = page.locator('.react-flow__pane');
  await page.getByTestId(testId).dragTo(canvas, { targetPosition: { x, y } });
  await expectVisible(page.getByTestId('node-inspector'));
}

async function renameSelected(page, id) {
  const field = page.getByTestId('node-id');
  await field.fill(id);
  await field.press('Enter');
  await expectVisible(page.locator(`.react-flow__node[data-id="${id}"]`));
}

async function selectNode(page, id) {
  await page.locator(`.react-flow__node[data-id="${id}"]`).click();
  await expectText(page.getByTestId('node-id').locator('xpath=.'), /.*/);
  const value = await page.getByTestId('node-id').inputValue();
  if (value !== id) throw new Error(`selected ${value}, expected ${id}`);
}

async function connect(page, from, to) {
  const source = page.locator(`.react-flow__node[data-id="${from}"] .react-flow__handle.source`);
  const target = page.locator(`.react-flow__node[data-id="${to}"] .react-flow__handle.target`);
  const a = await source.boundingBox();
  const b = await target.boundingBox();
  if (!a || !b) throw new Error(`handles of ${from} -> ${to} are not on screen`);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
  await page.mouse.up();
  // A straight edge has a zero-height box, which Playwright calls hidden: wait for it to exist.
  await page.locator(`.react-flow__edge[data-id="${from}->${to}"]`).waitFor({ state: 'attached', timeout: WAIT });
}


// ------------------------------------------------------------------ the story
async function main() {
  const browser = await startSuite('studio-canvas-run');
  const page = await newUserPage(browser, 'admin');
  let runId = '';

  try {
    await step('Sign in as admin', page, async () => {
      await page.goto(`${BASE}/`);
      await expectVisible(page.getByTestId('login-form'));
      await signIn(page, TOKEN);
    });

    await step('Store the provider key as a secret, shown masked', page, async () => {
      await storeSecret(page, names.secret, 'sk-e2e-not-a-real-key');
      const row = page.getByTestId('secret-list').locator('tr', { hasText: names.secret });
      await expectText(row, /••••/);
      if (/sk-e2e/.test(await page.locator('body').innerText())) throw new Error('the secret value is visible');
    });

    await step('Create a model in the Studio', page, () =>
      publishEntity(page, 'models', names.model, async () => {
        await page.getByTestId('field-provider').selectOption('openai');
        await page.getByTestId('field-model').fill('gpt-4o-mini');
        await page.getByTestId('field-baseUrl').fill(STUB_URL);
        await page.getByTestId('field-apiKey').fill(`secret://${names.secret}`);
      }),
    );

    await step('Create a system prompt', page, () =>
      publishEntity(page, 'prompts', names.prompt, async () => {
        await page.getByTestId('field-template').fill('You are careful and concise. Answer in Markdown.');
      }),
    );

    await step('Create a conversation memory', page, () =>
      publishEntity(page, 'memories', names.memory, async () => {
        await page.getByTestId('field-kind').selectOption('conversation');
        await page.getByTestId('field-window').fill('30');
        await page.getByTestId('field-summarizeAfter').fill('60');
        await page.getByTestId('field-ttl').fill('7d');
      }),
    );

    await step('Create a blocked-terms guardrail', page, () =>
      publishEntity(page, 'guardrails', names.guardrail, async () => {
        await page.getByTestId('field-kind').selectOption('blocked_terms');
        await page.getByTestId('field-settings').fill('{"terms": ["password"], "caseSensitive": false}');
      }),
    );

    await step('The registry stored the memory and guardrail as the forms wrote them', page, async () => {
      const memory = await api(`/api/registry/memories/${names.memory}/versions/1`);
      const expectedMemory = { kind: 'conversation', window: 30, summarizeAfter: 60, ttl: '7d' };
      // The registry stores canonical JSON (keys sorted), so compare values, not text.
      if (!isDeepStrictEqual(memory.spec, expectedMemory)) throw new Error(`memory spec is ${JSON.stringify(memory.spec)}`);
      const guardrail = await api(`/api/registry/guardrails/${names.guardrail}/versions/1`);
      if (guardrail.spec?.kind !== 'blocked_terms' || guardrail.spec?.settings?.terms?.[0] !== 'password')
        throw new Error(`guardrail spec is ${JSON.stringify(guardrail.spec)}`);
      await page.goto(`${BASE}/studio/memories`);
      await expectText(page.getByTestId(`entity-${names.memory}`), /v1/);
    });

    for (const agent of [names.researcher, names.writer]) {
      await step(`Create agent ${agent.split('-')[1]}`, page, () =>
        publishEntity(page, 'agents', agent, async () => {
          await selectOption(page, 'field-model-name', names.model);
          await selectOption(page, 'field-systemPrompt-name', names.prompt);
          if (agent === names.writer) {
            await selectOption(page, 'field-memory-name', names.memory);
            await page.getByTestId('field-guardrails').getByLabel(names.guardrail).check();
          }
        }),
      );
    }

    await step('The writer pins the memory and the guardrail', page, async () => {
      const writer = await api(`/api/registry/agents/${names.writer}/versions/1`);
      if (writer.spec?.memory?.name !== names.memory || writer.spec?.guardrails?.[0]?.name !== names.guardrail)
        throw new Error(`writer spec is ${JSON.stringify(writer.spec)}`);
    });

    await step('Agents are listed with their latest version', page, async () => {
      await page.goto(`${BASE}/studio/agents`);
      await expectText(page.getByTestId(`entity-${names.writer}`), /v1/);
      await expectVisible(page.getByTestId(`entity-${names.researcher}`));
    });

    await step('Build the pipeline on the canvas by drag and connect', page, async () => {
      await page.goto(`${BASE}/canvas?new=1`);
      await expectVisible(page.getByTestId('pipeline-settings'));
      await page.getByTestId('pipeline-name').fill(names.pipeline);
      await page.getByTestId('new-input-name').fill('topic');
      await page.getByTestId('add-input').click();
      await expectVisible(page.locator('code.input-name', { hasText: 'topic' }));

      await page.getByTestId('palette-search').fill(suffix);
      await dropFromPalette(page, `palette-agents-${names.researcher}`, 140, 110);
      await renameSelected(page, 'research');
      const prompt = page.getByTestId('node-prompt');
      await prompt.click();
      await prompt.pressSequentially('Research this topic: {{inp');
      await expectVisible(page.getByRole('option', { name: /inputs\.topic/ }));
      await prompt.press('Enter');
      const promptValue = await prompt.inputValue();
      if (promptValue !== 'Research this topic: {{inputs.topic}}') throw new Error(`autocomplete produced "${promptValue}"`);

      await dropFromPalette(page, `palette-agents-${names.writer}`, 460, 110);
      await renameSelected(page, 'write');
      await page.getByTestId('palette-search').fill('');
      await dropFromPalette(page, 'palette-type-human_review', 140, 330);
      await renameSelected(page, 'review');
      await page.getByTestId('review-title').fill('Approve the article');
      await page.getByTestId('review-assignees').fill('group:editors');
      await page.getByTestId('palette-search').fill('calculator');
      await dropFromPalette(page, 'palette-tools-calculator', 460, 330);
      await renameSelected(page, 'publish');
      await page.getByTestId('arg-expression').fill('2+3*4');

      await connect(page, 'research', 'write');
      await connect(page, 'write', 'review');
      await connect(page, 'review', 'publish');
      const edges = await page.locator('.react-flow__edge').count();
      if (edges !== 3) throw new Error(`expected 3 edges, found ${edges}`);

      await selectNode(page, 'write');
      await page.getByTestId('node-prompt').fill('Write an article from these notes:\n{{nodes.research.output}}');
      await selectNode(page, 'review');
      const show = await page.getByTestId('review-show').inputValue();
      if (show !== '{{nodes.write.output}}') throw new Error(`review shows "${show}"`);
      await page.getByRole('button', { name: 'review → publish' }).click();
      await page.getByTestId('edge-when').selectOption('approved');
      await expectText(page.getByTestId('edge-label-review-publish'), /approved/);
      await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
      await page.getByTestId('pipeline-output').fill('{{nodes.publish.output}}');
      await page.getByTestId('auto-layout').click();
    });

    await step('Undo and redo keep the graph', page, async () => {
      await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
      await page.keyboard.press('Control+z');
      await page.keyboard.press('Control+Shift+z');
      const nodes = await page.locator('.react-flow__node').count();
      if (nodes !== 4) throw new Error(`expected 4 nodes after undo/redo, found ${nodes}`);
    });

    await step('Save the pipeline as version 1', page, async () => {
      await page.getByTestId('save-pipeline').click();
      await expectText(page.getByTestId('save-result'), /Published version 1\b/);
      await expectText(page.getByTestId('pipeline-version'), /v1/);
    });

    await step('Run it from the canvas', page, async () => {
      await page.getByTestId('run-pipeline').click();
      await expectVisible(page.getByTestId('run-dialog'));
      await page.getByTestId('run-input-topic').fill('Durable execution for AI agents');
      await page.getByTestId('run-start').click();
      await page.waitForURL(/\/runs\/[^/]+$/, { timeout: WAIT });
      runId = currentRunId(page);
      await expectVisible(page.getByTestId('run-graph'));
      await expectVisible(page.locator('[data-testid="node-research"]'));
    });

    await step('Watch the nodes change colour until the review gate', page, async () => {
      const seen = { research: new Set(), write: new Set(), review: new Set() };
      const deadline = Date.now() + RUN_WAIT;
      while (Date.now() < deadline) {
        for (const id of Object.keys(seen)) {
          const status = await nodeStatus(page, id);
          if (status) seen[id].add(status);
        }
        if (seen.review.has('WAITING_FOR_APPROVAL')) break;
        if ([...seen.research, ...seen.write].includes('FAILED')) throw new Error(`a node failed: ${JSON.stringify(Object.fromEntries(Object.entries(seen).map(([k, v]) => [k, [...v]])))}`);
        await sleep(100);
      }
      if (!seen.review.has('WAITING_FOR_APPROVAL')) throw new Error('the review gate was never reached');
      // One sample reads the nodes one after another: write can complete between reading write and
      // reading review, so read the upstream nodes once more now that the gate is reached.
      for (const id of ['research', 'write']) seen[id].add(await nodeStatus(page, id));
      if (!seen.research.has('COMPLETED') || !seen.write.has('COMPLETED')) throw new Error('research and write should have completed');
      const colour = await page.locator('[data-testid="node-research"]').evaluate((el) => getComputedStyle(el).borderTopColor);
      const waiting = await page.locator('[data-testid="node-review"]').evaluate((el) => getComputedStyle(el).borderTopColor);
      if (colour === waiting) throw new Error('completed and waiting nodes have the same colour');
      console.log(`    statuses seen: ${JSON.stringify(Object.fromEntries(Object.entries(seen).map(([k, v]) => [k, [...v]])))}`);
      await page.locator('[data-testid="node-write"]').click();
      await expectText(page.getByTestId('node-panel'), /write/);
      const tokens = await page.getByTestId('run-tokens-out').textContent();
      console.log(`    tokens out so far: ${tokens}`);
      await expectText(page.getByTestId('trace-log'), /llm\.response|tool\.call|node\.completed/);
    });

    await step('Create a reviewer in the editors group', page, async () => {
      const created = await api('/api/users', { body: { username: names.reviewer, roles: ['reviewer'], groups: ['editors'] } });
      if (!created?.token) throw new Error('POST /api/users returned no token');
      names.reviewerToken = created.token;
    });

    const reviewerPage = await newUserPage(browser, 'reviewer');

    await step('Reviewer signs in and sees the item in the inbox badge', reviewerPage, async () => {
      await signIn(reviewerPage, names.reviewerToken);
      await expectText(reviewerPage.getByTestId('current-user'), new RegExp(names.reviewer));
      await expectText(reviewerPage.getByTestId('inbox-badge'), /[1-9]/);
    });

    await step('Reviewer approves in the modal on the run', reviewerPage, async () => {
      await reviewerPage.goto(`${BASE}/runs/${encodeURIComponent(runId)}`);
      const modal = reviewerPage.getByTestId('approval-modal');
      await expectVisible(modal);
      await expectText(modal, /Approve the article/);
      await expectText(reviewerPage.getByTestId('decision-rendered'), /\S/);
      await reviewerPage.getByTestId('decision-comment').fill('Looks good.');
      await shot(reviewerPage, 'approval-modal');
      await reviewerPage.getByTestId('decision-approve').click();
      await modal.waitFor({ state: 'hidden', timeout: WAIT });
      await expectText(reviewerPage.getByTestId('approval-decided'), /approved/i);
    });

    await step('The run completes for the builder', page, async () => {
      await expectVisible(runPageWithStatus(page, 'COMPLETED'), RUN_WAIT);
      const publish = await nodeStatus(page, 'publish');
      if (publish !== 'COMPLETED') throw new Error(`publish is ${publish}`);
      await page.locator('[data-testid="node-publish"]').click();
      await expectText(page.getByTestId('node-output'), /14/);
    });

    await step('Reopen the run from the list and replay it', page, async () => {
      await page.goto(`${BASE}/runs?pipeline=${encodeURIComponent(names.pipeline)}`);
      await page.getByTestId(`run-link-${runId}`).click();
      await expectVisible(runPageWithStatus(page, 'COMPLETED'));
      await page.getByTestId('replay-run').click();
      await expectVisible(page.getByTestId('replay-bar'));
      const scrubber = page.getByTestId('replay-scrubber');
      await scrubber.focus();
      await page.keyboard.press('Home');
      await expectText(page.getByTestId('replay-position'), /^0 \//);
      const atStart = await nodeStatus(page, 'research');
      if (atStart !== 'PENDING') throw new Error(`at the start research is ${atStart}`);
      await page.keyboard.press('End');
      await expectVisible(page.locator('[data-testid="node-publish"][data-status="COMPLETED"]'));
      await page.keyboard.press('Home');
      await page.getByTestId('replay-play').click();
      await expectVisible(page.locator('[data-testid="node-research"][data-status="COMPLETED"]'), RUN_WAIT);
    });

  } catch {
    // The failing step has reported itself.
  }
  await finish(browser);
}

main().catch((error) => fail(error?.stack ?? String(error)));
