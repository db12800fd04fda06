package dev.trellis.workflows.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.slf4j.Logger;

import dev.trellis.pipeline.NodeType;
import dev.trellis.workflows.api.ApprovalContext;
import dev.trellis.workflows.api.DecisionRecord;
import dev.trellis.workflows.api.PendingApproval;
import dev.trellis.workflows.api.ToolApprovalHost;
import dev.trellis.workflows.api.ToolApprovalListener;
import dev.trellis.workflows.api.ToolApprovalRequest;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.SignalExternalWorkflowException;
import io.temporal.workflow.Workflow;

/**
 * The host side of the {@link ToolApprovalHost} protocol: each tool call an agent child asks to have
 * approved goes through the run's {@link ApprovalGate}, so the inbox, the {@code decide} update and
 * its validator treat it exactly like a review node. Once decided, the agent gets the
 * {@link DecisionRecord} through {@link ToolApprovalListener}. Signal handlers must not block, so
 * requests are queued here and the interpreter loop serves each on a workflow thread of its own.
 */
final class ToolApprovalDesk {

	static final String KIND = "tool_call";

	private static final Logger log = Workflow.getLogger(ToolApprovalDesk.class);

	private final RunContext run;

	private final Deque<ToolApprovalRequest> queued = new ArrayDeque<>();

	ToolApprovalDesk(RunContext run) {
		this.run = run;
	}

	void request(ToolApprovalRequest request) {
		queued.add(request);
	}

	boolean hasQueued() {
		return !queued.isEmpty();
	}

	/** The oldest queued request, or null. */
	ToolApprovalRequest poll() {
		return queued.poll();
	}

	/**
	 * Runs one request's gate; blocks, so the interpreter calls it on a workflow thread of its own.
	 * A repeated request (the agent asking again after a retry or continue-as-new) opens no second
	 * item: while the first is open it is ignored, once decided the decision is sent again.
	 */
	void serve(ToolApprovalRequest request) {
		PendingApproval approval = request.approval();
		ApprovalBook.Entry known = run.approvals().entry(approval.approvalId());
		if (known != null) {
			if (known.isDecided()) {
				reply(request, known.decision());
			}
			return;
		}
		NodeState node = run.state().node(approval.nodeId());
		if (node == null || node.node.type() != NodeType.AGENT || !node.isRunning()) {
			reply(request, new DecisionRecord(approval.approvalId(), DecisionRecord.REJECTED, DecisionRecord.BY_RUN_END,
					RunContext.now(), "Node '" + approval.nodeId() + "' is not a running agent of this run", null));
			return;
		}
		ApprovalContext context = new ApprovalContext(run.snapshot().pipeline(),
				run.entities().producedBy(List.of(approval.nodeId()), run.state().plan));
		GatePolicy policy = new GatePolicy(window(approval), null, null, null);
		reply(request, run.gate().await(normalised(approval), context, policy));
	}

	/** The run, not the agent, is the authority on the kind and the run id of its approvals. */
	private PendingApproval normalised(PendingApproval approval) {
		Instant created = approval.createdAt() == null ? RunContext.now() : approval.createdAt();
		return new PendingApproval(approval.approvalId(), run.runId(), approval.nodeId(), KIND, approval.title(),
				approval.payload(), approval.digest() == null ? Digests.sha256(approval.payload()) : approval.digest(),
				approval.assignees() == null ? List.of() : approval.assignees(), created, approval.dueAt(),
				approval.allowEdit());
	}

	/** A due time becomes the gate's window; past due times reject at once (onTimeout defaults to reject). */
	private static Duration window(PendingApproval approval) {
		if (approval.dueAt() == null) {
			return null;
		}
		Duration left = Duration.between(RunContext.now(), approval.dueAt());
		return left.isNegative() || left.isZero() ? Duration.ofMillis(1) : left;
	}

	private void reply(ToolApprovalRequest request, DecisionRecord decision) {
		try {
			Workflow.newExternalWorkflowStub(ToolApprovalListener.class, request.childWorkflowId())
				.toolApprovalDecided(decision);
		}
		catch (SignalExternalWorkflowException | CanceledFailure e) {
			// The agent ended (its node failed or was cancelled) while the approval was open; nobody waits.
			log.info("Agent {} no longer waits for approval {}: {}", request.childWorkflowId(),
					decision.approvalId(), e.getMessage());
		}
	}

}
