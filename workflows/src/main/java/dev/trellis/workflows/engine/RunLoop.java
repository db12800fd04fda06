package dev.trellis.workflows.engine;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.trellis.pipeline.ExecutionPlan;
import dev.trellis.pipeline.NodeType;
import dev.trellis.pipeline.PipelineCompiler;
import dev.trellis.pipeline.PipelineValidationException;
import dev.trellis.pipeline.PlanEdge;
import dev.trellis.pipeline.TemplateException;
import dev.trellis.workflows.api.DecisionRecord;
import dev.trellis.workflows.api.DecisionRequest;
import dev.trellis.workflows.api.ErrorInfo;
import dev.trellis.workflows.api.FailureTypes;
import dev.trellis.workflows.api.NodeRecord;
import dev.trellis.workflows.api.NodeStatus;
import dev.trellis.workflows.api.RunResult;
import dev.trellis.workflows.api.RunSnapshot;
import dev.trellis.workflows.api.RunStatus;
import dev.trellis.workflows.api.RunView;
import dev.trellis.workflows.api.ToolApprovalRequest;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;

/**
 * The interpreter: one loop on the run's main workflow thread that owns every status transition.
 * Each iteration applies pause/resume, takes finished nodes from the outcome queue, settles their
 * edges, starts what became ready (unless paused), publishes the run status, flushes the buffered
 * events once, and then blocks in {@link Workflow#await} until a node finishes, a signal arrives or
 * a gate thread has something to report. Nodes run on their own workflow threads
 * ({@link Async#procedure}), each in its own {@link CancellationScope}, and only report back.
 */
final class RunLoop {

	private static final Logger log = Workflow.getLogger(RunLoop.class);

	private final RunState state;

	private final ErrorInfo invalid;

	private final DagScheduler scheduler;

	private final ApprovalBook approvals = new ApprovalBook();

	private final EventBuffer events;

	private final ApprovalGate gate;

	private final ToolApprovalDesk toolApprovals;

	private final SearchAttributesPublisher searchAttributes = new SearchAttributesPublisher();

	private final Map<NodeType, NodeExecutor> executors = new EnumMap<>(NodeType.class);

	private final Deque<NodeOutcome> outcomes = new ArrayDeque<>();

	private final Deque<Control> controls = new ArrayDeque<>();

	/** Unexpected exceptions of node and gate threads, rethrown on the main thread (see spawn). */
	private final Deque<RuntimeException> crashes = new ArrayDeque<>();

	/** Compiles the pinned definition; a definition that does not compile fails the run when it starts. */
	RunLoop(RunSnapshot snapshot, String workflowId) {
		ExecutionPlan plan = null;
		JsonNode inputs = null;
		ErrorInfo problem = null;
		try {
			plan = new PipelineCompiler().compile(snapshot.definition());
			inputs = plan.bindInputs(snapshot.input());
		}
		catch (PipelineValidationException e) {
			problem = new ErrorInfo(FailureTypes.INVALID_PIPELINE, e.getMessage(), false);
		}
		this.invalid = problem;
		this.state = new RunState(snapshot, problem == null ? plan : null, inputs);
		this.scheduler = new DagScheduler(state);
		this.events = new EventBuffer(snapshot.runId());
		this.gate = new ApprovalGate(approvals, events);
		RunContext context = new RunContext(state, workflowId, new EntityClosure(snapshot), approvals, gate);
		this.toolApprovals = new ToolApprovalDesk(context);
		executors.put(NodeType.TOOL, new ToolNodeExecutor(context));
		executors.put(NodeType.AGENT, new AgentNodeExecutor(context));
		executors.put(NodeType.SUBPIPELINE, new SubpipelineNodeExecutor(context));
		executors.put(NodeType.HUMAN_REVIEW, new ReviewNodeExecutor(context));
	}

	RunResult run() {
		state.started(RunContext.now());
		searchAttributes.describe(state.snapshot);
		searchAttributes.status(RunStatus.RUNNING);
		events.add("run.started", runStartedData());
		if (!state.snapshot.reuse().isEmpty()) {
			events.add("run.rerun_of", rerunData());
		}
		try {
			if (invalid != null) {
				return fail(invalid);
			}
			scheduler.start();
			while (true) {
				if (!crashes.isEmpty()) {
					throw crashes.poll();
				}
				applyControls();
				serveToolApprovals();
				ErrorInfo failure = drainOutcomes();
				if (failure == null) {
					failure = gate.failedClose();
				}
				if (failure == null && !state.isPaused()) {
					startReady();
				}
				if (failure != null) {
					return fail(failure);
				}
				if (state.allTerminal()) {
					return complete();
				}
				refreshStatus();
				events.flush();
				Workflow.await(() -> !outcomes.isEmpty() || !controls.isEmpty() || events.hasPending()
						|| toolApprovals.hasQueued() || !crashes.isEmpty() || gate.failedClose() != null);
			}
		}
		catch (CanceledFailure e) {
			Workflow.newDetachedCancellationScope(this::cancelled).run();
			throw e;
		}
	}

	RunView view() {
		return state.view(approvals);
	}

	void pause(String by) {
		controls.add(new Control(true, by));
	}

	void resume(String by) {
		controls.add(new Control(false, by));
	}

	void validate(DecisionRequest request) {
		approvals.validate(request);
	}

	DecisionRecord decide(DecisionRequest request) {
		return approvals.decide(request, RunContext.now());
	}

	void toolApprovalRequested(ToolApprovalRequest request) {
		toolApprovals.request(request);
	}

	private void serveToolApprovals() {
		while (toolApprovals.hasQueued()) {
			ToolApprovalRequest request = toolApprovals.poll();
			spawn(() -> toolApprovals.serve(request));
		}
	}

	/**
	 * Runs {@code body} on a new workflow thread. An exception that is not a Temporal failure is a bug:
	 * Async would only park it in a promise nobody reads and the run would hang, so it is handed to the
	 * main thread, which rethrows it and fails the workflow task; the run then waits, intact, for a
	 * fixed worker. Temporal failures left over (the run's cancellation) end the thread quietly.
	 */
	private void spawn(Runnable body) {
		Async.procedure(() -> {
			try {
				body.run();
			}
			catch (TemporalFailure e) {
				log.debug("Workflow thread ended by {}", e.toString());
			}
			catch (RuntimeException bug) {
				crashes.add(bug);
			}
		});
	}

	private void applyControls() {
		while (!controls.isEmpty()) {
			Control control = controls.poll();
			if (control.pause() != state.isPaused()) {
				state.setPaused(control.pause());
				events.add(control.pause() ? "run.paused" : "run.resumed", EventBuffer.data().put("by", control.by()));
			}
		}
	}

	/** Applies every finished node; returns the error that fails the run, if one does. */
	private ErrorInfo drainOutcomes() {
		while (!outcomes.isEmpty()) {
			NodeOutcome outcome = outcomes.poll();
			NodeState node = state.node(outcome.nodeId());
			if (node.status.isTerminal()) {
				continue;
			}
			node.finish(outcome, RunContext.now());
			ErrorInfo failure = ended(node);
			if (failure != null) {
				return failure;
			}
		}
		return null;
	}

	/**
	 * Starts ready nodes in order. Routers and reused nodes end on the spot, which can make more nodes
	 * ready, so this runs until nothing is ready.
	 */
	private void startReady() {
		while (scheduler.hasReady()) {
			NodeState node = scheduler.pollReady();
			NodeRecord reuse = state.snapshot.reuse().get(node.id());
			if (reuse != null && NodeStatus.COMPLETED.name().equals(reuse.status())) {
				node.reuse(reuse, RunContext.now());
				ended(node);
			}
			else if (node.node.type() == NodeType.ROUTER) {
				node.start(RunContext.now());
				events.add("node.started", node.id(), node.attempt, EventBuffer.data().put("type", "router"));
				PlanEdge chosen = EdgeRules.route(node.node, state.templateContext());
				node.finish(NodeOutcome.completed(node.id(), EdgeRules.routeOutput(chosen), null, 1),
						RunContext.now());
				ended(node);
			}
			else {
				launch(node);
			}
		}
	}

	private void launch(NodeState node) {
		node.start(RunContext.now());
		events.add("node.started", node.id(), node.attempt,
				EventBuffer.data().put("type", node.node.type().wireName()));
		NodeExecutor executor = executors.get(node.node.type());
		CancellationScope scope = Workflow
			.newCancellationScope(() -> spawn(() -> outcomes.add(execute(executor, node))));
		node.scope = scope;
		scope.run();
	}

	/**
	 * Runs the executor and turns what it throws into an outcome. Only Temporal failures and template
	 * errors (bad data in a run) are caught: any other exception is a bug in the interpreter and must
	 * fail the workflow task, so a fixed worker can resume the run instead of it failing for good.
	 */
	private static NodeOutcome execute(NodeExecutor executor, NodeState node) {
		try {
			return executor.execute(node);
		}
		catch (TemplateException e) {
			return NodeOutcome.failed(node.id(), new ErrorInfo(FailureTypes.TEMPLATE_ERROR, e.getMessage(), false), 0);
		}
		catch (TemporalFailure e) {
			if (Failures.isCancellation(e)) {
				return NodeOutcome.cancelled(node.id());
			}
			return NodeOutcome.failed(node.id(), Failures.describe(e), 0);
		}
	}

	/** Emits the node's terminal event and settles its edges; returns the error if it fails the run. */
	private ErrorInfo ended(NodeState node) {
		state.publishValues(node);
		switch (node.status) {
			case COMPLETED -> events.add("node.completed", node.id(), node.attempt, completedData(node));
			case FAILED -> events.add("node.failed", node.id(), node.attempt, errorData(node.error));
			default -> events.add("node.cancelled", node.id(), node.attempt, EventBuffer.data());
		}
		boolean fatal = node.status != NodeStatus.COMPLETED && !node.node.continueOnError();
		if (fatal) {
			ErrorInfo cause = node.error != null ? node.error
					: new ErrorInfo(Failures.CANCELLED, "Node '" + node.id() + "' was cancelled", false);
			return new ErrorInfo(cause.type(), "Node '" + node.id() + "' failed: " + cause.message(), false);
		}
		List<NodeState> skipped = scheduler.settle(node,
				EdgeRules.taken(state.plan, node, state.templateContext()), RunContext.now());
		skipped.forEach(s -> events.add("node.skipped", s.id(), 0, EventBuffer.data().put("reason", "no taken edge")));
		return null;
	}

	private RunResult complete() {
		ErrorInfo unrecorded = gate.settleCloses();
		if (unrecorded != null) {
			return fail(unrecorded);
		}
		JsonNode output;
		try {
			output = state.renderOutput();
		}
		catch (TemplateException e) {
			return fail(new ErrorInfo(FailureTypes.TEMPLATE_ERROR, "Pipeline output: " + e.getMessage(), false));
		}
		state.end(RunStatus.COMPLETED, output, null, RunContext.now());
		searchAttributes.status(RunStatus.COMPLETED);
		ObjectNode data = EventBuffer.data();
		data.putObject("tokens").put("input", state.tokens().input()).put("output", state.tokens().output());
		events.add("run.completed", data);
		events.flush();
		return new RunResult(RunStatus.COMPLETED, output, null, state.tokens());
	}

	/**
	 * Fails the run: running branches are cancelled, nodes that never started are skipped, open
	 * approvals closed. Throwing a non-retryable failure makes the Temporal execution itself FAILED,
	 * so the Web UI agrees with {@code TrellisStatus}.
	 */
	private RunResult fail(ErrorInfo error) {
		stopEverything("run failed");
		gate.closeAllUndecided();
		gate.settleCloses();
		state.end(RunStatus.FAILED, null, error, RunContext.now());
		searchAttributes.status(RunStatus.FAILED);
		events.add("run.failed", errorData(error));
		events.flush();
		throw ApplicationFailure.newNonRetryableFailure(error.message(), error.type());
	}

	/** Runs in a detached scope: the run's own scope is cancelled, yet the end must be recorded. */
	private void cancelled() {
		stopEverything("run cancelled");
		gate.closeAllUndecided();
		gate.settleCloses();
		state.end(RunStatus.CANCELLED, null, null, RunContext.now());
		searchAttributes.status(RunStatus.CANCELLED);
		events.add("run.cancelled", EventBuffer.data());
		events.flush();
	}

	private void stopEverything(String reason) {
		for (NodeState node : state.nodes()) {
			if (node.isRunning()) {
				node.scope.cancel();
				node.end(NodeStatus.CANCELLED, RunContext.now());
				events.add("node.cancelled", node.id(), node.attempt, EventBuffer.data().put("reason", reason));
			}
		}
		scheduler.drainReady();
		for (NodeState node : state.nodes()) {
			if (node.status == NodeStatus.PENDING) {
				node.end(NodeStatus.SKIPPED, RunContext.now());
				events.add("node.skipped", node.id(), 0, EventBuffer.data().put("reason", reason));
			}
		}
	}

	private void refreshStatus() {
		RunStatus live = state.liveStatus(!approvals.pending().isEmpty());
		state.setLiveStatus(live);
		searchAttributes.status(live);
	}

	private ObjectNode runStartedData() {
		ObjectNode data = EventBuffer.data();
		data.put("pipeline", state.snapshot.pipeline() == null ? null : state.snapshot.pipeline().name());
		data.put("version", state.snapshot.pipeline() == null ? 0 : state.snapshot.pipeline().version());
		data.put("startedBy", state.snapshot.startedBy());
		return data;
	}

	/**
	 * Links a rerun's trace to the run it continues: which run, and which of this run's nodes take
	 * their recorded results instead of running (in plan order, so replays emit the same data).
	 */
	private ObjectNode rerunData() {
		ObjectNode data = EventBuffer.data();
		data.put("rerunOf", state.snapshot.rerunOf());
		ArrayNode reused = data.putArray("reused");
		for (NodeState node : state.nodes()) {
			NodeRecord record = state.snapshot.reuse().get(node.id());
			if (record != null && NodeStatus.COMPLETED.name().equals(record.status())) {
				reused.add(node.id());
			}
		}
		return data;
	}

	private static ObjectNode completedData(NodeState node) {
		ObjectNode data = EventBuffer.data();
		if (BlobRefs.isRef(node.output)) {
			data.put("outputRef", node.output.get(BlobRefs.FIELD).textValue());
		}
		else {
			data.set("output", node.output);
		}
		if (node.tokens != null) {
			data.putObject("tokens").put("input", node.tokens.input()).put("output", node.tokens.output());
		}
		if (node.reviewOutcome != null) {
			data.put("reviewOutcome", node.reviewOutcome);
		}
		data.put("reused", node.reused);
		return data;
	}

	private static ObjectNode errorData(ErrorInfo error) {
		ObjectNode data = EventBuffer.data();
		if (error != null) {
			data.putObject("error").put("type", error.type()).put("message", error.message())
				.put("retryable", error.retryable());
		}
		return data;
	}

	/** A pause or resume request, applied by the loop in arrival order. */
	private record Control(boolean pause, String by) {
	}

}
