package dev.trellis.workflows.engine;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.trellis.pipeline.PlanEdge;
import dev.trellis.pipeline.PlanNode;
import dev.trellis.pipeline.ReviewSpec;
import dev.trellis.workflows.api.ApprovalContext;
import dev.trellis.workflows.api.DecisionRecord;
import dev.trellis.workflows.api.ErrorInfo;
import dev.trellis.workflows.api.FailureTypes;
import dev.trellis.workflows.api.PendingApproval;

/**
 * A {@code human_review} node: shows the rendered {@code show} value and waits at the gate.
 * {@code approve} passes what was shown downstream, {@code edit} the reviewer's output; a
 * {@code reject} completes the node with outcome {@code rejected} when it has {@code when: rejected}
 * edges to follow and fails it ({@link FailureTypes#REJECTED}) when it has none.
 */
final class ReviewNodeExecutor implements NodeExecutor {

	static final String KIND = "node_output";

	private final RunContext run;

	ReviewNodeExecutor(RunContext run) {
		this.run = run;
	}

	@Override
	public NodeOutcome execute(NodeState state) {
		PlanNode node = state.node;
		ReviewSpec review = node.review();
		JsonNode shown = review.show() == null ? incomingOutputs(node) : review.show().renderValue(run.values());
		Instant now = RunContext.now();
		PendingApproval approval = new PendingApproval(run.approvals().nextId(run.runId(), node.id()), run.runId(),
				node.id(), KIND, review.title(), shown, Digests.sha256(shown), review.assignees(), now,
				review.timeout() == null ? null : now.plus(review.timeout()), review.allowEdit());
		ApprovalContext context = new ApprovalContext(run.snapshot().pipeline(),
				run.entities().producedBy(node.upstream(), run.state().plan));
		DecisionRecord decision = run.gate().await(approval, context,
				new GatePolicy(review.timeout(), review.onTimeout(), review.escalateTo(), review.remindBefore()));
		return outcome(node, shown, decision);
	}

	private static NodeOutcome outcome(PlanNode node, JsonNode shown, DecisionRecord decision) {
		String comment = decision.comment();
		return switch (decision.status()) {
			case DecisionRecord.APPROVED -> NodeOutcome.reviewed(node.id(), shown, comment, EdgeRules.APPROVED);
			case DecisionRecord.EDITED -> NodeOutcome.reviewed(node.id(), decision.output(), comment,
					EdgeRules.APPROVED);
			case DecisionRecord.REJECTED -> EdgeRules.rejectedEdges(node).isEmpty()
					? NodeOutcome.reviewFailed(node.id(), new ErrorInfo(FailureTypes.REJECTED,
							"Rejected by " + decision.decidedBy() + (comment == null ? "" : ": " + comment), false),
							comment)
					: NodeOutcome.reviewed(node.id(), shown, comment, EdgeRules.REJECTED);
			default -> NodeOutcome.reviewFailed(node.id(), new ErrorInfo(FailureTypes.APPROVAL_TIMED_OUT,
					"Nobody decided '" + node.id() + "' in time", false), comment);
		};
	}

	/** Without a {@code show} template a reviewer sees the outputs of the nodes that lead here. */
	private ObjectNode incomingOutputs(PlanNode node) {
		ObjectNode shown = EventBuffer.data();
		for (PlanEdge edge : node.incoming()) {
			JsonNode output = run.values().nodeOutputs().get(edge.from());
			shown.set(edge.from(), output == null ? null : output.deepCopy());
		}
		return shown;
	}

}
