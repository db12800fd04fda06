package dev.trellis.workflows.engine;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import dev.trellis.pipeline.PlanNode;
import dev.trellis.workflows.api.ErrorInfo;
import dev.trellis.workflows.api.NodeRecord;
import dev.trellis.workflows.api.NodeStatus;
import dev.trellis.workflows.api.NodeView;
import dev.trellis.workflows.api.TokenUsage;
import io.temporal.workflow.CancellationScope;

/** The mutable state of one node during a run; only the interpreter's workflow threads change it. */
final class NodeState {

	final PlanNode node;

	NodeStatus status = NodeStatus.PENDING;

	int attempt;

	Instant startedAt;

	Instant endedAt;

	JsonNode output;

	ErrorInfo error;

	TokenUsage tokens;

	String comment;

	String reviewOutcome;

	boolean reused;

	/** The scope the node's execution runs in while it is RUNNING, to cancel it with the run. */
	CancellationScope scope;

	NodeState(PlanNode node) {
		this.node = node;
	}

	String id() {
		return node.id();
	}

	boolean isRunning() {
		return status == NodeStatus.RUNNING;
	}

	void start(Instant now) {
		status = NodeStatus.RUNNING;
		attempt = 1;
		startedAt = now;
	}

	void finish(NodeOutcome outcome, Instant now) {
		status = outcome.status();
		if (outcome.attempt() > 0) {
			attempt = outcome.attempt();
		}
		output = outcome.output();
		error = outcome.error();
		tokens = outcome.tokens();
		comment = outcome.comment();
		reviewOutcome = outcome.reviewOutcome();
		endedAt = now;
		scope = null;
	}

	/** Takes a COMPLETED node's recorded result from an earlier run instead of running it again. */
	void reuse(NodeRecord record, Instant now) {
		status = NodeStatus.COMPLETED;
		output = record.output();
		comment = record.comment();
		reviewOutcome = record.reviewOutcome();
		reused = true;
		startedAt = now;
		endedAt = now;
	}

	/** Ends the node without running it: skipped, or cancelled while it ran. */
	void end(NodeStatus terminal, Instant now) {
		status = terminal;
		endedAt = now;
		scope = null;
	}

	/** A running node with an open approval shows as waiting for it. */
	NodeView view(boolean waitingForApproval) {
		NodeStatus shown = status == NodeStatus.RUNNING && waitingForApproval ? NodeStatus.WAITING_FOR_APPROVAL
				: status;
		return new NodeView(id(), node.type().wireName(), shown, attempt, startedAt, endedAt, output, error, tokens,
				comment, reused, reviewOutcome);
	}

}
