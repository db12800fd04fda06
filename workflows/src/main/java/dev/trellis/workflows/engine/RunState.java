package dev.trellis.workflows.engine;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.trellis.pipeline.ExecutionPlan;
import dev.trellis.pipeline.TemplateContext;
import dev.trellis.workflows.api.ErrorInfo;
import dev.trellis.workflows.api.NodeStatus;
import dev.trellis.workflows.api.NodeView;
import dev.trellis.workflows.api.RunSnapshot;
import dev.trellis.workflows.api.RunStatus;
import dev.trellis.workflows.api.RunView;
import dev.trellis.workflows.api.TokenUsage;

/**
 * Everything the run knows: the plan, each node's state, the values templates read, and the run's
 * own status. The {@code state} query renders it as a {@link RunView}; nothing here blocks or calls
 * Temporal, so it is cheap to query and easy to test.
 */
final class RunState {

	final RunSnapshot snapshot;

	final ExecutionPlan plan;

	/** The run input with the pipeline's defaults applied. */
	final JsonNode inputs;

	private final Map<String, NodeState> nodes = new LinkedHashMap<>();

	/** Live maps the template context reads: templates see every node that has finished so far. */
	private final Map<String, JsonNode> outputs = new HashMap<>();

	private final Map<String, String> comments = new HashMap<>();

	private RunStatus status = RunStatus.RUNNING;

	private boolean paused;

	private Instant startedAt;

	private Instant endedAt;

	private JsonNode output;

	private ErrorInfo error;

	RunState(RunSnapshot snapshot, ExecutionPlan plan, JsonNode inputs) {
		this.snapshot = snapshot;
		this.plan = plan;
		this.inputs = inputs;
		if (plan != null) {
			plan.nodes().forEach(node -> nodes.put(node.id(), new NodeState(node)));
		}
	}

	NodeState node(String id) {
		return nodes.get(id);
	}

	Collection<NodeState> nodes() {
		return nodes.values();
	}

	boolean allTerminal() {
		return nodes.values().stream().allMatch(n -> n.status.isTerminal());
	}

	TemplateContext templateContext() {
		return new TemplateContext(inputs, outputs, comments);
	}

	/**
	 * Records what downstream templates may read of a finished node. A node that failed (with
	 * {@code continueOnError}) or was skipped reads as {@code null}, so a join that runs after one of
	 * its branches was skipped can still render {@code {{nodes.<id>.output}}}.
	 */
	void publishValues(NodeState node) {
		outputs.put(node.id(), node.status == NodeStatus.COMPLETED && node.output != null ? node.output
				: NullNode.getInstance());
		if (node.comment != null) {
			comments.put(node.id(), node.comment);
		}
	}

	void started(Instant now) {
		startedAt = now;
	}

	RunStatus status() {
		return status;
	}

	boolean isPaused() {
		return paused;
	}

	void setPaused(boolean paused) {
		this.paused = paused;
	}

	/**
	 * The status the run shows while it is not finished: paused wins, then waiting for a human
	 * (even while other branches run: an SRE filtering for waiting runs must find it), then running.
	 */
	RunStatus liveStatus(boolean waitingForApproval) {
		if (status.isTerminal()) {
			return status;
		}
		if (paused) {
			return RunStatus.PAUSED;
		}
		return waitingForApproval ? RunStatus.WAITING_FOR_APPROVAL : RunStatus.RUNNING;
	}

	void setLiveStatus(RunStatus live) {
		if (!status.isTerminal()) {
			status = live;
		}
	}

	void end(RunStatus terminal, JsonNode output, ErrorInfo error, Instant now) {
		this.status = terminal;
		this.output = output;
		this.error = error;
		this.endedAt = now;
	}

	TokenUsage tokens() {
		TokenUsage total = TokenUsage.ZERO;
		for (NodeState node : nodes.values()) {
			total = total.plus(node.tokens);
		}
		return total;
	}

	RunView view(ApprovalBook approvals) {
		List<NodeView> views = nodes.values()
			.stream()
			.map(n -> n.view(approvals.isWaiting(n.id())))
			.toList();
		return new RunView(snapshot.runId(), snapshot.pipeline(), status, startedAt, endedAt, snapshot.input(), output,
				error, views, approvals.pending(), tokens(), snapshot.startedBy());
	}

	/**
	 * The pipeline's output: its {@code output} template, or without one the outputs of the nodes
	 * nothing depends on (the sinks) that completed, by node id.
	 *
	 * @throws dev.trellis.pipeline.TemplateException when the template reads a value that is missing
	 */
	JsonNode renderOutput() {
		if (plan.output() != null) {
			return plan.output().renderValue(templateContext());
		}
		ObjectNode sinks = JsonNodeFactory.instance.objectNode();
		for (NodeState node : nodes.values()) {
			if (node.node.outgoing().isEmpty() && node.status == NodeStatus.COMPLETED) {
				sinks.set(node.id(), node.output);
			}
		}
		return sinks;
	}

}
