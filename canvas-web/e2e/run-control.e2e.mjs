#!/usr/bin/env node
/**
 * Run control in the browser (issue 12), against a running server and the model stub of
 * CanvasBrowserIT (it counts calls at /stub/calls, streams slowly when the prompt says "slowly",
 * and refuses API keys containing "revoked" with 401):
 *
 *   TRELLIS_URL=... TRELLIS_TOKEN=... TRELLIS_STUB_URL=http://127.0.0.1:<port>/v1 node e2e/run-control.e2e.mjs
 *
 * The pipeline research -> write is published through the API (building one on the canvas is the
 * other script's story). Then, in the browser: pause a run while research is in flight, see
 * PAUSED and that write does not start, resume, see it complete; rerun from write and see research
 * reused with one new model call; revoke the writer's key in Secrets, see the run fail on write,
 * restore the key, Retry, and see it complete with research reused. Screenshots:
 * target/e2e-screenshots/run-control/.
 */
import {
  api,
  BASE,
  currentRunId,
  expectText,
  expectVisible,
  finish,
  newUserPage,
  nodeStatus,
  RUN_WAIT,
  runPageWithStatus,
  signIn,
  sleep,
  startSuite,
  step,
  storeSecret,
  STUB_URL,
  stubCalls,
  suffix,
  TOKEN,
  WAIT,
} from './harness.mjs';

const names = {
  researchModel: `rc-research-model-${suffix}`,
  writeModel: `rc-write-model-${suffix}`,
  key: `rc-write-key-${suffix}`,
  prompt: `rc-prompt-${suffix}`,
  researcher: `rc-researcher-${suffix}`,
  writer: `rc-writer-${suffix}`,
  pipeline: `rc-pipeline-${suffix}`,
};
const GOOD_KEY = 'sk-e2e-good';
const REVOKED_KEY = 'sk-e2e-revoked';

/** Two agents on separate models, so the writer's key can be revoked while research still works. */
async function publishPipeline() {
  await api(`/api/secrets/${names.key}`, { method: 'PUT', body: { value: GOOD_KEY } });
  const publish = (kind, name, spec) => api(`/api/registry/${kind}`, { body: { name, spec } });
  await publish('models', names.researchModel, { provider: 'openai', model: 'gpt-stub', baseUrl: STUB_URL });
  await publish('models', names.writeModel, { provider: 'openai', model: 'gpt-stub', baseUrl: STUB_URL, apiKey: `secret://${names.key}` });
  await publish('prompts', names.prompt, { template: 'You are careful and concise.' });
  const systemPrompt = { name: names.prompt, version: 1 };
  await publish('agents', names.researcher, { model: { name: names.researchModel, version: 1 }, systemPrompt });
  await publish('agents', names.writer, { model: { name: names.writeModel, version: 1 }, systemPrompt });
  await publish('pipelines', names.pipeline, {
    inputs: { topic: { type: 'string', required: true } },
    nodes: [
      { id: 'research', type: 'agent', agent: { name: names.researcher, version: 1 }, prompt: 'Research this topic: {{inputs.topic}}' },
      { id: 'write', type: 'agent', agent: { name: names.writer, version: 1 }, prompt: 'Write an article from these notes:\n{{nodes.research.output}}' },
    ],
    edges: [{ from: 'research', to: 'write' }],
    output: '{{nodes.write.output}}',
  });
}

/** Starts a run of the pipeline from the canvas's Run button and waits for its run page. */
async function startRun(page, topic) {
  await page.goto(`${BASE}/canvas/${encodeURIComponent(names.pipeline)}`);
  await page.getByTestId('run-pipeline').click();
  await expectVisible(page.getByTestId('run-dialog'));
  await page.getByTestId('run-input-topic').fill(topic);
  await page.getByTestId('run-start').click();
  await page.waitForURL(/\/runs\/[^/]+$/, { timeout: WAIT });
  await expectVisible(page.getByTestId('run-graph'));
  return currentRunId(page);
}

/** Waits for a node to reach a status on screen, failing early when it fails instead. */
async function awaitNode(page, id, status, timeout = RUN_WAIT) {
  await expectVisible(page.locator(`[data-testid="node-${id}"][data-status="${status}"]`), timeout);
}

/** Clicks a run action and waits for the browser to land on the new run it started. */
async function startLinkedRun(page, button, originalRunId) {
  await page.getByTestId(button).click();
  await page.waitForURL((url) => /\/runs\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith(encodeURIComponent(originalRunId)), { timeout: WAIT });
  await expectVisible(page.getByTestId('run-graph'));
  await expectText(page.getByTestId('rerun-of'), /\S/);
  return currentRunId(page);
}

async function main() {
  const browser = await startSuite('run-control');
  const page = await newUserPage(browser, 'builder');
  let pausedRun = '';
  let failedRun = '';

  try {
    await step('Sign in and publish research -> write', page, async () => {
      await publishPipeline();
      await signIn(page, TOKEN);
    });

    await step('Pause a run while research is in flight', page, async () => {
      const before = await stubCalls();
      pausedRun = await startRun(page, 'Explain durable execution slowly');
      await awaitNode(page, 'research', 'RUNNING', WAIT);
      await page.getByTestId('pause-run').click();
      await expectVisible(runPageWithStatus(page, 'PAUSED'));
      await expectText(page.locator('.run-title .pill'), /^paused$/);
      await expectVisible(page.getByTestId('resume-run'));
      // The call in flight finishes; nothing new starts while the run is paused.
      await awaitNode(page, 'research', 'COMPLETED');
      await sleep(2000);
      const write = await nodeStatus(page, 'write');
      if (write !== 'PENDING') throw new Error(`write is ${write} while the run is paused`);
      if ((await stubCalls()) - before !== 1) throw new Error('a model call started while the run was paused');
    });

    await step('Resume and see the run complete', page, async () => {
      const before = await stubCalls();
      await page.getByTestId('resume-run').click();
      await expectVisible(runPageWithStatus(page, 'COMPLETED'), RUN_WAIT);
      await awaitNode(page, 'write', 'COMPLETED', WAIT);
      if ((await stubCalls()) - before !== 1) throw new Error('resuming should have called the model once, for write');
    });

    await step('Rerun from write reuses research', page, async () => {
      const before = await stubCalls();
      await page.locator('[data-testid="node-write"]').click();
      await expectText(page.getByTestId('node-panel'), /write/);
      const rerun = await startLinkedRun(page, 'rerun-from-node', pausedRun);
      await expectVisible(runPageWithStatus(page, 'COMPLETED'), RUN_WAIT);
      await expectVisible(page.getByTestId('node-reused-research'));
      if (await page.getByTestId('node-reused-write').count()) throw new Error('write was rerun, it must not be marked reused');
      const calls = (await stubCalls()) - before;
      if (calls !== 1) throw new Error(`the rerun made ${calls} model calls; only write should have called the model`);
      const body = await api(`/api/runs/${encodeURIComponent(rerun)}`);
      if (body.rerunOf !== pausedRun) throw new Error(`rerunOf is ${body.rerunOf}, expected ${pausedRun}`);
      await page.locator('[data-testid="node-research"]').click();
      await expectVisible(page.getByTestId('node-reused'));
    });

    await step('A revoked key makes the run fail on write', page, async () => {
      await storeSecret(page, names.key, REVOKED_KEY);
      failedRun = await startRun(page, 'Checkpoints and retries');
      await expectVisible(runPageWithStatus(page, 'FAILED'), RUN_WAIT);
      await awaitNode(page, 'research', 'COMPLETED', WAIT);
      await awaitNode(page, 'write', 'FAILED', WAIT);
      await page.locator('[data-testid="node-write"]').click();
      await expectText(page.getByTestId('node-panel'), /401|API key/i);
      await expectVisible(page.getByTestId('retry-run'));
    });

    await step('Restore the key and Retry: research is reused, write completes', page, async () => {
      await storeSecret(page, names.key, GOOD_KEY);
      await page.goto(`${BASE}/runs/${encodeURIComponent(failedRun)}`);
      await expectVisible(runPageWithStatus(page, 'FAILED'));
      const before = await stubCalls();
      await startLinkedRun(page, 'retry-run', failedRun);
      await expectVisible(runPageWithStatus(page, 'COMPLETED'), RUN_WAIT);
      await expectVisible(page.getByTestId('node-reused-research'));
      const calls = (await stubCalls()) - before;
      if (calls !== 1) throw new Error(`the retry made ${calls} model calls; only write should have called the model`);
      await page.locator('[data-testid="node-write"]').click();
      await expectText(page.getByTestId('node-output'), /Asked: Write an article/);
      // The page opened while the retry ran: calls and streamed text made before it loaded still show.
      await expectText(page.getByTestId('node-panel'), /1 LLM/);
      await expectText(page.getByTestId('node-stream'), /^## Notes/);
    });
  } catch {
    // The failing step has reported itself.
  }
  await finish(browser);
}

main().catch((error) => {
  console.error(error?.stack ?? String(error));
  process.exit(1);
});
