#!/usr/bin/env node
/**
 * An in-memory stand-in for the Trellis gateway, implementing the slice of shared/spec/API.md
 * the browser app uses (plus GET /api/me). It serves the built app from dist/ with the same
 * Content-Security-Policy the gateway will send, so screenshots and the end-to-end test can run
 * before the Java backend exists. It is a development tool: nothing here ships in the jar.
 *
 *   node e2e/mock-server.mjs [--port 8080] [--dist dist] [--admin-token admin-token] [--step-ms 700]
 */
import { createServer } from 'node:http';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { WebSocketServer } from 'ws';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const PORT = Number(args.port ?? process.env.PORT ?? 8080);
const DIST = resolve(args.dist ?? 'dist');
const STEP_MS = Number(args['step-ms'] ?? 700);
const ADMIN_TOKEN = args['admin-token'] ?? process.env.TRELLIS_TOKEN ?? 'admin-token';
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

// ---------------------------------------------------------------- state
const users = new Map([['admin', { username: 'admin', roles: ['admin'], groups: [] }]]);
const tokens = new Map([[ADMIN_TOKEN, 'admin']]);
const KINDS = ['agents', 'tools', 'models', 'prompts', 'memories', 'guardrails', 'pipelines'];
const registry = new Map(KINDS.map((k) => [k, new Map()]));
const secrets = new Map();
const runs = new Map();
const approvals = new Map();
const sockets = new Map();

const now = () => new Date().toISOString();
const digest = (spec) => `sha256:${createHash('sha256').update(JSON.stringify(spec)).digest('hex')}`;

function publish(kind, name, spec, description, createdBy) {
  const versions = registry.get(kind).get(name) ?? [];
  const latest = versions[versions.length - 1];
  if (latest && latest.digest === digest(spec)) return { status: 200, body: latest };
  const version = { kind, name, version: versions.length + 1, digest: digest(spec), spec, description, createdAt: now(), createdBy };
  registry.get(kind).set(name, [...versions, version]);
  return { status: 201, body: version };
}
for (const tool of ['calculator', 'current_time', 'http_request', 'read_file', 'write_file', 'search_web']) {
  publish('tools', tool, {
    description: `Built-in ${tool}`,
    parameters: tool === 'calculator' ? { type: 'object', properties: { expression: { type: 'string', description: 'Arithmetic, e.g. 2+3*4' } }, required: ['expression'] } : { type: 'object', properties: {} },
    permission: tool.startsWith('write') ? 'write' : 'read',
    implementation: `builtin:${tool}`,
  }, `Built-in ${tool.replace('_', ' ')}`, 'system');
}

// ---------------------------------------------------------------- helpers
const problem = (status, title, detail, errors) => ({ status, body: { type: 'about:blank', title, status, detail, ...(errors ? { errors } : {}) }, problem: true });
const ok = (body, status = 200) => ({ status, body });

function resolveRefs(kind, spec, path, errors) {
  const refKinds = { model: 'models', systemPrompt: 'prompts', agent: 'agents', tool: 'tools', pipeline: 'pipelines' };
  const fix = (ref, refKind, at) => {
    if (!ref || typeof ref !== 'object' || !ref.name) return ref;
    const versions = registry.get(refKind).get(ref.name);
    if (!versions) {
      errors.push({ path: at, message: `${refKind} "${ref.name}" does not exist` });
      return ref;
    }
    if (ref.version === 'latest' || ref.version === undefined) return { ...ref, version: versions.length };
    if (!versions[ref.version - 1]) errors.push({ path: `${at}.version`, message: `${ref.name} has no version ${ref.version}` });
    return ref;
  };
  if (kind === 'agents') {
    spec = { ...spec, model: fix(spec.model, 'models', `${path}.model`), systemPrompt: fix(spec.systemPrompt, 'prompts', `${path}.systemPrompt`) };
    if (Array.isArray(spec.tools)) spec.tools = spec.tools.map((t, i) => fix(t, 'tools', `${path}.tools[${i}]`));
    if (!spec.model) errors.push({ path: `${path}.model`, message: 'an agent needs a model' });
  }
  if (kind === 'pipelines' && Array.isArray(spec.nodes)) {
    spec = { ...spec, nodes: spec.nodes.map((n, i) => {
      const field = Object.keys(refKinds).find((f) => ['agent', 'tool', 'pipeline'].includes(f) && n[f]);
      return field ? { ...n, [field]: fix(n[field], refKinds[field], `${path}.nodes[${i}].${field}`) } : n;
    }) };
  }
  void refKinds;
  return spec;
}

function validatePipeline(def) {
  const errors = [];
  if (!Array.isArray(def.nodes) || !def.nodes.length) return [{ path: 'spec.nodes', message: 'a pipeline needs at least one node' }];
  const ids = new Set();
  def.nodes.forEach((n, i) => {
    if (!n.id) errors.push({ path: `spec.nodes[${i}].id`, message: 'id is required' });
    else if (ids.has(n.id)) errors.push({ path: `spec.nodes[${i}].id`, message: `duplicate id "${n.id}"` });
    ids.add(n.id);
    if (!['agent', 'tool', 'human_review', 'router', 'subpipeline'].includes(n.type)) errors.push({ path: `spec.nodes[${i}].type`, message: `unknown type "${n.type}"` });
    if (n.type === 'agent' && !n.agent) errors.push({ path: `spec.nodes[${i}].agent`, message: 'choose an agent' });
    if (n.type === 'tool' && !n.tool) errors.push({ path: `spec.nodes[${i}].tool`, message: 'choose a tool' });
    if (n.type === 'human_review' && !(n.assignees ?? []).length) errors.push({ path: `spec.nodes[${i}].assignees`, message: 'name at least one reviewer' });
  });
  (def.edges ?? []).forEach((e, i) => {
    if (!ids.has(e.from)) errors.push({ path: `spec.edges[${i}].from`, message: `no node "${e.from}"` });
    if (!ids.has(e.to)) errors.push({ path: `spec.edges[${i}].to`, message: `no node "${e.to}"` });
    const source = def.nodes.find((n) => n.id === e.from);
    if (e.when && source && !['human_review', 'router'].includes(source.type)) errors.push({ path: `spec.edges[${i}].when`, message: 'only review and router edges take a condition' });
  });
  return errors;
}

function structuredDiff(a, b, path = '') {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    return [...new Set([...Object.keys(a), ...Object.keys(b)])].flatMap((k) => {
      const p = path ? `${path}.${k}` : k;
      if (!(k in a)) return [{ op: 'add', path: p, to: b[k] }];
      if (!(k in b)) return [{ op: 'remove', path: p, from: a[k] }];
      return structuredDiff(a[k], b[k], p);
    });
  }
  return [{ op: 'replace', path, from: a, to: b }];
}

function calculate(expression) {
  const text = String(expression).replace(/\s+/g, '');
  let i = 0;
  const number = () => { const m = /^\d+(\.\d+)?/.exec(text.slice(i)); if (!m) throw new Error(`bad expression at ${i}`); i += m[0].length; return Number(m[0]); };
  const factor = () => { if (text[i] === '(') { i += 1; const v = expr(); i += 1; return v; } if (text[i] === '-') { i += 1; return -factor(); } return number(); };
  const term = () => { let v = factor(); while (text[i] === '*' || text[i] === '/') { const op = text[i++]; const r = factor(); v = op === '*' ? v * r : v / r; } return v; };
  const expr = () => { let v = term(); while (text[i] === '+' || text[i] === '-') { const op = text[i++]; const r = term(); v = op === '+' ? v + r : v - r; } return v; };
  const value = expr();
  if (i !== text.length) throw new Error(`bad expression at ${i}`);
  return value;
}

function render(template, run) {
  if (typeof template !== 'string') return template;
  return template.replace(/\{\{\s*([^}]+?)\s*\}\}/g, (_, ref) => {
    const [head, id, field] = ref.split('.');
    if (head === 'inputs') return String(run.input?.[id] ?? '');
    const node = run.nodes.find((n) => n.id === id);
    if (!node) return '';
    return String(field === 'comment' ? node.comment ?? '' : typeof node.output === 'string' ? node.output : JSON.stringify(node.output ?? ''));
  });
}

// ---------------------------------------------------------------- runs
function runBody(run) {
  const { events: _e, definition: _d, waiters: _w, idempotencyKey: _k, timers: _t, ...body } = run;
  void _e; void _d; void _w; void _k; void _t;
  return { ...body, nodes: run.nodes.map(({ comment: _c, ...n }) => (void _c, n)), pendingApprovals: [...approvals.values()].filter((a) => a.runId === run.runId && a.status === 'PENDING') };
}

function emit(run, type, nodeId, data = {}, attempt) {
  const event = { runId: run.runId, seq: run.events.length + 1, ts: now(), type, nodeId: nodeId ?? null, attempt: attempt ?? null, data };
  run.events.push(event);
  for (const ws of sockets.get(run.runId) ?? []) if (ws.readyState === 1) ws.send(JSON.stringify(event));
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitWhilePaused(run) {
  while (run.status === 'PAUSED') await sleep(200);
}

async function execute(run) {
  const def = run.definition;
  emit(run, 'run.started', null, { pipeline: run.pipeline, input: run.input });
  const done = new Set();
  const skipped = new Set();
  const incoming = (id) => (def.edges ?? []).filter((e) => e.to === id);
  const satisfied = (edge) => {
    const source = run.nodes.find((n) => n.id === edge.from);
    if (skipped.has(edge.from) || source.status !== 'COMPLETED') return false;
    if (!edge.when) return true;
    return edge.when === source.decision;
  };
  while (done.size + skipped.size < def.nodes.length) {
    if (run.status === 'CANCELLED') return;
    await waitWhilePaused(run);
    const ready = def.nodes.filter((n) => !done.has(n.id) && !skipped.has(n.id) && incoming(n.id).every((e) => done.has(e.from) || skipped.has(e.from)));
    if (!ready.length) break;
    await Promise.all(ready.map(async (spec) => {
      const node = run.nodes.find((n) => n.id === spec.id);
      const inc = incoming(spec.id);
      if (inc.length && !inc.some(satisfied)) {
        skipped.add(spec.id);
        node.status = 'SKIPPED';
        emit(run, 'node.skipped', spec.id);
        return;
      }
      await runNode(run, spec, node);
      if (node.status === 'FAILED') throw new Error(`${spec.id} failed`);
      done.add(spec.id);
    }));
  }
  run.status = 'COMPLETED';
  run.endedAt = now();
  run.output = render(def.output ?? '', run) || null;
  emit(run, 'run.completed', null, { output: run.output });
}

async function runNode(run, spec, node) {
  node.status = 'RUNNING';
  node.attempt = 1;
  node.startedAt = now();
  emit(run, 'node.started', spec.id, {}, 1);
  await sleep(STEP_MS);
  if (spec.type === 'agent') {
    const prompt = render(spec.prompt ?? '', run);
    emit(run, 'llm.request', spec.id, { model: 'stub-model', step: 1, prompt });
    const text = `## ${spec.id}\n\nA short answer for: ${prompt.slice(0, 80)}\n\n- first point\n- second point`;
    for (const chunk of text.match(/.{1,6}/gs)) {
      emit(run, 'llm.delta', spec.id, { text: chunk });
      await sleep(Math.max(10, STEP_MS / 25));
    }
    const tokens = { input: 20 + prompt.length, output: text.length };
    node.tokens = tokens;
    run.tokens = { input: run.tokens.input + tokens.input, output: run.tokens.output + tokens.output };
    const cost = tokens.input * 0.00000015 + tokens.output * 0.0000006;
    run.costUsd += cost;
    emit(run, 'llm.response', spec.id, { model: 'stub-model', tokens, costUsd: cost });
    node.output = text;
  } else if (spec.type === 'tool') {
    const args = Object.fromEntries(Object.entries(spec.args ?? {}).map(([k, v]) => [k, render(v, run)]));
    emit(run, 'tool.call', spec.id, { tool: spec.tool?.name, args });
    await sleep(STEP_MS / 2);
    let result;
    try {
      result = spec.tool?.name === 'calculator' ? calculate(args.expression) : `ok: ${spec.tool?.name}`;
    } catch (error) {
      emit(run, 'node.failed', spec.id, { error: { type: 'ToolError', message: error.message } });
      node.status = 'FAILED';
      node.error = { message: error.message };
      run.status = 'FAILED';
      run.endedAt = now();
      emit(run, 'run.failed', null, { error: { message: error.message } });
      return;
    }
    emit(run, 'tool.result', spec.id, { tool: spec.tool?.name, result });
    node.output = result;
  } else if (spec.type === 'human_review') {
    const approval = {
      approvalId: randomUUID(), runId: run.runId, nodeId: spec.id, kind: 'node_output', title: spec.title ?? 'Review',
      payload: render(spec.show ?? '', run), assignees: spec.assignees ?? [], allowEdit: spec.allowEdit !== false,
      dueAt: new Date(Date.now() + 72 * 3600e3).toISOString(), createdAt: now(), status: 'PENDING',
    };
    approvals.set(approval.approvalId, approval);
    node.status = 'WAITING_FOR_APPROVAL';
    run.status = 'WAITING_FOR_APPROVAL';
    emit(run, 'approval.requested', spec.id, { approvalId: approval.approvalId, title: approval.title, assignees: approval.assignees });
    const decision = await new Promise((r) => run.waiters.set(approval.approvalId, r));
    node.decision = decision.decision === 'reject' ? 'rejected' : 'approved';
    node.comment = decision.comment;
    node.output = decision.decision === 'edit' ? decision.output : approval.payload;
    run.status = 'RUNNING';
    emit(run, 'approval.decided', spec.id, { approvalId: approval.approvalId, status: approval.status, decidedBy: approval.decidedBy, comment: decision.comment });
  } else {
    node.output = null;
  }
  node.status = 'COMPLETED';
  node.endedAt = now();
  emit(run, 'node.completed', spec.id, { output: node.output });
}

function startRun(pipelineName, version, input, user, idempotencyKey) {
  if (idempotencyKey) {
    const existing = [...runs.values()].find((r) => r.idempotencyKey === idempotencyKey);
    if (existing) return ok(startResponse(existing), 202);
  }
  const versions = registry.get('pipelines').get(pipelineName);
  if (!versions) return problem(404, 'No such pipeline', `pipeline "${pipelineName}" does not exist`);
  const pinned = version ? versions[version - 1] : versions[versions.length - 1];
  if (!pinned) return problem(404, 'No such version');
  const runId = randomUUID();
  const run = {
    runId, workflowId: `pipeline-${runId}`, pipeline: { name: pipelineName, version: pinned.version }, status: 'RUNNING',
    startedAt: now(), endedAt: null, input, output: null, error: null,
    nodes: pinned.spec.nodes.map((n) => ({ id: n.id, type: n.type, status: 'PENDING', attempt: 0, startedAt: null, endedAt: null, output: null, error: null, tokens: { input: 0, output: 0 } })),
    tokens: { input: 0, output: 0 }, costUsd: 0, events: [], definition: pinned.spec, waiters: new Map(), idempotencyKey, startedBy: user.username,
    links: { self: `/api/runs/${runId}`, trace: `/ws/runs/${runId}`, temporalUi: `http://localhost:8233/namespaces/default/workflows/pipeline-${runId}` },
  };
  runs.set(runId, run);
  execute(run).catch((error) => {
    if (run.status !== 'FAILED') {
      run.status = 'FAILED';
      run.endedAt = now();
      emit(run, 'run.failed', null, { error: { message: error.message } });
    }
  });
  return ok(startResponse(run), 202);
}
const startResponse = (run) => ({ runId: run.runId, workflowId: run.workflowId, status: 'RUNNING', links: run.links });

const mayDecide = (user, approval) =>
  user.roles.includes('admin') || approval.assignees.some((a) => a === user.username || a === `user:${user.username}` || (a.startsWith('group:') && user.groups.includes(a.slice(6))));

// ---------------------------------------------------------------- routing
async function route(method, url, body, user) {
  const path = url.pathname;
  let m;
  if (path === '/api/me' && method === 'GET') return ok(user);
  if (path === '/api/users' && method === 'POST') {
    if (!user.roles.includes('admin')) return problem(403, 'Forbidden');
    const created = { username: body.username, roles: body.roles ?? [], groups: body.groups ?? [] };
    users.set(created.username, created);
    const token = `tok-${randomUUID()}`;
    tokens.set(token, created.username);
    return ok({ ...created, token }, 201);
  }
  if (path === '/api/secrets' && method === 'GET') return ok([...secrets.values()].map(({ value: _v, ...meta }) => (void _v, meta)));
  if ((m = /^\/api\/secrets\/([^/]+)$/.exec(path))) {
    const name = decodeURIComponent(m[1]);
    if (method === 'PUT') {
      secrets.set(name, { name, value: body.value, updatedAt: now(), createdBy: user.username });
      return { status: 204 };
    }
    if (method === 'DELETE') return secrets.delete(name) ? { status: 204 } : problem(404, 'No such secret');
  }
  if ((m = /^\/api\/registry\/([a-z]+)$/.exec(path)) && KINDS.includes(m[1])) {
    const kind = m[1];
    if (method === 'GET') return ok([...registry.get(kind).values()].map((v) => v[v.length - 1]));
    if (method === 'POST') {
      if (user.roles.every((r) => !['admin', 'builder'].includes(r))) return problem(403, 'Forbidden', 'Only builders can publish.');
      const errors = [];
      if (!/^[a-z0-9][a-z0-9._-]*$/.test(body.name ?? '')) errors.push({ path: 'name', message: 'invalid name' });
      if (kind === 'pipelines') errors.push(...validatePipeline(body.spec ?? {}));
      if (kind === 'models' && !body.spec?.model) errors.push({ path: 'spec.model', message: 'model is required' });
      if (kind === 'prompts' && !body.spec?.template) errors.push({ path: 'spec.template', message: 'template is required' });
      const spec = resolveRefs(kind, body.spec ?? {}, 'spec', errors);
      if (errors.length) return problem(400, 'Validation failed', `${errors.length} problem(s) in the ${kind.slice(0, -1)}`, errors);
      const result = publish(kind, body.name, spec, body.description, user.username);
      return ok(result.body, result.status);
    }
  }
  if ((m = /^\/api\/registry\/([a-z]+)\/([^/]+)(?:\/(versions|diff)(?:\/(\d+))?)?$/.exec(path)) && KINDS.includes(m[1])) {
    const versions = registry.get(m[1]).get(decodeURIComponent(m[2]));
    if (!versions) return problem(404, 'Not found', `${m[1]} "${decodeURIComponent(m[2])}" does not exist`);
    if (!m[3]) return ok([...versions].reverse());
    if (m[3] === 'versions') return versions[Number(m[4]) - 1] ? ok(versions[Number(m[4]) - 1]) : problem(404, 'No such version');
    const from = versions[Number(url.searchParams.get('from')) - 1];
    const to = versions[Number(url.searchParams.get('to')) - 1];
    if (!from || !to) return problem(400, 'Bad versions');
    return ok({ from: from.version, to: to.version, changes: structuredDiff(from.spec, to.spec) });
  }
  if (path === '/api/runs' && method === 'POST') return startRun(body.pipeline, body.version, body.input ?? {}, user, body.idempotencyKey);
  if (path === '/api/runs' && method === 'GET') {
    const items = [...runs.values()]
      .filter((r) => (!url.searchParams.get('pipeline') || r.pipeline.name === url.searchParams.get('pipeline')) && (!url.searchParams.get('status') || r.status === url.searchParams.get('status')))
      .reverse()
      .map((r) => ({
        runId: r.runId, workflowId: r.workflowId, pipeline: r.pipeline.name, pipelineVersion: r.pipeline.version, status: r.status,
        startedBy: r.startedBy, startedAt: r.startedAt, endedAt: r.endedAt, temporalUi: r.links.temporalUi, error: r.error,
      }));
    return ok({ items, nextCursor: null });
  }
  if ((m = /^\/api\/runs\/([^/]+)(?:\/([a-z]+))?$/.exec(path))) {
    const run = runs.get(decodeURIComponent(m[1]));
    if (!run) return problem(404, 'No such run');
    if (!m[2] && method === 'GET') return ok(runBody(run));
    if (m[2] === 'events') return ok(run.events.filter((e) => e.seq > Number(url.searchParams.get('after') ?? 0)));
    if (m[2] === 'pause') { run.prevStatus = run.status; run.status = 'PAUSED'; emit(run, 'run.paused'); return ok({}, 202); }
    if (m[2] === 'resume') { run.status = run.prevStatus ?? 'RUNNING'; emit(run, 'run.resumed'); return ok({}, 202); }
    if (m[2] === 'cancel') { run.status = 'CANCELLED'; run.endedAt = now(); emit(run, 'run.cancelled'); return ok({}, 202); }
    if (m[2] === 'retry' && run.status !== 'FAILED') return problem(409, 'Only a failed run can be retried');
    if (m[2] === 'rerun' || m[2] === 'retry') { const res = startRun(run.pipeline.name, body.pipelineVersion ?? run.pipeline.version, run.input, user); return ok({ runId: res.body.runId, rerunOf: run.runId }, 202); }
  }
  if (path === '/api/approvals' && method === 'GET') {
    const status = url.searchParams.get('status');
    return ok([...approvals.values()].filter((a) => (!status || a.status === status) && mayDecide(user, a)));
  }
  if ((m = /^\/api\/approvals\/([^/]+)\/decision$/.exec(path)) && method === 'POST') {
    const approval = approvals.get(decodeURIComponent(m[1]));
    if (!approval) return problem(404, 'No such approval');
    if (!mayDecide(user, approval)) return problem(403, 'Not an assignee');
    if (approval.status !== 'PENDING') return problem(409, 'Already decided');
    if (body.decision === 'edit' && body.output === undefined) return problem(400, 'edit needs output', undefined, [{ path: 'output', message: 'required' }]);
    approval.status = { approve: 'APPROVED', reject: 'REJECTED', edit: 'EDITED' }[body.decision];
    approval.decidedBy = user.username;
    approval.decidedAt = now();
    runs.get(approval.runId)?.waiters.get(approval.approvalId)?.(body);
    return ok({ approvalId: approval.approvalId, status: approval.status, decidedBy: user.username, decidedAt: approval.decidedAt });
  }
  return problem(404, 'Not found', `${method} ${path}`);
}

// ---------------------------------------------------------------- http
const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json', '.png': 'image/png' };

const server = createServer(async (req, res) => {
  const url = new URL(req.url, `http://${req.headers.host}`);
  if (url.pathname.startsWith('/api/')) {
    const token = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
    const user = users.get(tokens.get(token));
    const send = (status, body, isProblem) => {
      res.writeHead(status, body === undefined ? {} : { 'Content-Type': isProblem ? 'application/problem+json' : 'application/json' });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    if (!user) return send(401, { title: 'Unauthorized', status: 401 }, true);
    let body = {};
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    if (chunks.length) {
      try { body = JSON.parse(Buffer.concat(chunks).toString('utf8')); } catch { return send(400, { title: 'Bad JSON', status: 400 }, true); }
    }
    try {
      const result = await route(req.method, url, body, user);
      return send(result.status, result.body, result.problem);
    } catch (error) {
      return send(500, { title: 'Mock error', status: 500, detail: String(error.message) }, true);
    }
  }
  let file = normalize(join(DIST, decodeURIComponent(url.pathname)));
  if (!file.startsWith(DIST) || !existsSync(file) || statSync(file).isDirectory()) file = join(DIST, 'index.html');
  if (!existsSync(file)) {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    return res.end('dist/ is missing: run npm run build');
  }
  res.writeHead(200, { 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream', 'Content-Security-Policy': CSP, 'Cache-Control': 'no-store' });
  res.end(readFileSync(file));
});

const wss = new WebSocketServer({ noServer: true });
server.on('upgrade', (req, socket, head) => {
  const url = new URL(req.url, `http://${req.headers.host}`);
  const m = /^\/ws\/runs\/([^/]+)$/.exec(url.pathname);
  const run = m && runs.get(decodeURIComponent(m[1]));
  if (!run || !tokens.has(url.searchParams.get('token') ?? '')) {
    socket.write('HTTP/1.1 401 Unauthorized\r\n\r\n');
    return socket.destroy();
  }
  wss.handleUpgrade(req, socket, head, (ws) => {
    const after = Number(url.searchParams.get('after') ?? 0);
    const seq = run.events.length;
    ws.send(JSON.stringify({ type: 'snapshot', run: runBody(run), seq: Math.max(seq, after) }));
    if (after > seq) return;
    const set = sockets.get(run.runId) ?? new Set();
    set.add(ws);
    sockets.set(run.runId, set);
    ws.on('close', () => set.delete(ws));
  });
});

server.listen(PORT, '127.0.0.1', () => {
  console.log(`Trellis mock gateway on http://localhost:${PORT} (admin token: ${ADMIN_TOKEN}, dist: ${DIST})`);
});
