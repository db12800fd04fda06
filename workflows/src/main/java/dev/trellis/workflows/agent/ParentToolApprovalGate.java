package dev.trellis.workflows.agent;

import java.util.HashMap;
import java.util.Map;

import dev.trellis.workflows.api.DecisionRecord;
import dev.trellis.workflows.api.PendingApproval;
import dev.trellis.workflows.api.ToolApprovalHost;
import dev.trellis.workflows.api.ToolApprovalListener;
import dev.trellis.workflows.api.ToolApprovalRequest;
import io.temporal.workflow.Workflow;

/**
 * The signal protocol of {@link ToolApprovalHost}: ask the parent run, then wait for its
 * {@link ToolApprovalListener} signal. Decisions are kept by approval id, so a decision that arrives
 * early, twice, or for another approval never confuses the wait.
 */
final class ParentToolApprovalGate implements ToolApprovalGate, ToolApprovalListener {

	private final Map<String, DecisionRecord> decisions = new HashMap<>();

	private final String parentWorkflowId;

	private ParentToolApprovalGate(String parentWorkflowId) {
		this.parentWorkflowId = parentWorkflowId;
	}

	/**
	 * The gate of the current workflow run: the parent's when the parent declared it hosts approvals,
	 * {@link ToolApprovalGate#UNAVAILABLE} otherwise. Registers the decision signal handler, so call
	 * it once, early in the run.
	 */
	static ToolApprovalGate forCurrentRun() {
		String parent = Workflow.getInfo().getParentWorkflowId().orElse(null);
		Object memo = Workflow.getMemo(ToolApprovalHost.MEMO_KEY, String.class);
		if (parent == null || !ToolApprovalHost.MEMO_VALUE.equals(memo)) {
			return UNAVAILABLE;
		}
		ParentToolApprovalGate gate = new ParentToolApprovalGate(parent);
		Workflow.registerListener(gate);
		return gate;
	}

	@Override
	public boolean available() {
		return true;
	}

	@Override
	public DecisionRecord decide(PendingApproval approval) {
		ToolApprovalHost host = Workflow.newExternalWorkflowStub(ToolApprovalHost.class, parentWorkflowId);
		host.toolApprovalRequested(new ToolApprovalRequest(Workflow.getInfo().getWorkflowId(), approval));
		Workflow.await(() -> decisions.containsKey(approval.approvalId()));
		return decisions.get(approval.approvalId());
	}

	@Override
	public void toolApprovalDecided(DecisionRecord decision) {
		if (decision != null && decision.approvalId() != null) {
			decisions.putIfAbsent(decision.approvalId(), decision);
		}
	}

}
