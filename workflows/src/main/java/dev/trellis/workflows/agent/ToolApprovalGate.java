package dev.trellis.workflows.agent;

import dev.trellis.workflows.api.DecisionRecord;
import dev.trellis.workflows.api.PendingApproval;

/**
 * Puts one gated action of an agent (a tool call needing approval, going over the token budget)
 * before a reviewer and waits for the decision. Two implementations: {@link ParentToolApprovalGate}
 * when the parent run hosts approvals (it set the memo of
 * {@link dev.trellis.workflows.api.ToolApprovalHost}), {@link #UNAVAILABLE} otherwise.
 */
interface ToolApprovalGate {

	/** A gate for runs whose parent hosts no approvals: nothing can be approved. */
	ToolApprovalGate UNAVAILABLE = new ToolApprovalGate() {
		@Override
		public boolean available() {
			return false;
		}

		@Override
		public DecisionRecord decide(PendingApproval approval) {
			throw new IllegalStateException("approval for tool calls is not enabled for this run");
		}
	};

	boolean available();

	/** Blocks the workflow (durably) until a reviewer decides; returns the decision. */
	DecisionRecord decide(PendingApproval approval);

	static boolean approved(DecisionRecord decision) {
		return DecisionRecord.APPROVED.equalsIgnoreCase(decision.status())
				|| DecisionRecord.EDITED.equalsIgnoreCase(decision.status());
	}

}
