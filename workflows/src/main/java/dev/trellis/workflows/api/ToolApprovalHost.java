package dev.trellis.workflows.api;

import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;

/**
 * The parent side of tool-call approvals: a pipeline run that can put an agent child's gated tool
 * call (a {@code destructive} tool, or a level an agent's {@code require_approval_for} guardrail
 * lists) in front of a reviewer.
 *
 * <p>Protocol. The parent starts the agent child with the memo {@link #MEMO_KEY} =
 * {@link #MEMO_VALUE}, which tells the child it may ask. The child signals
 * {@link #toolApprovalRequested} with the pending approval (kind {@code tool_call}, payload: tool,
 * arguments, permission) and waits. The parent lists it in {@code pendingApprovals}, opens the
 * inbox item ({@link ApprovalActivities#open}), and when {@code decide} settles it, closes the item
 * and signals the child {@link ToolApprovalListener#toolApprovalDecided} with the
 * {@link DecisionRecord}. Approve runs the call; reject tells the model
 * {@code denied by reviewer: <comment>}. A child started without the memo denies gated calls at once.
 *
 * <pre>{@code
 * // in the parent workflow
 * Workflow.registerListener((ToolApprovalHost) request -> pendingToolApprovals.add(request));
 * AgentWorkflow agent = Workflow.newChildWorkflowStub(AgentWorkflow.class, ChildWorkflowOptions.newBuilder()
 *     .setWorkflowId(childId)
 *     .setMemo(Map.of(ToolApprovalHost.MEMO_KEY, ToolApprovalHost.MEMO_VALUE))
 *     .build());
 * // once decided
 * Workflow.newExternalWorkflowStub(ToolApprovalListener.class, request.childWorkflowId())
 *     .toolApprovalDecided(decision);
 * }</pre>
 */
@WorkflowInterface
public interface ToolApprovalHost {

	/** Memo key a parent sets on an agent child that it hosts approvals for. */
	String MEMO_KEY = "trellisToolApprovals";

	/** The memo value of the signal protocol described above. */
	String MEMO_VALUE = "parent-signal-v1";

	@SignalMethod(name = "ToolApprovalRequested")
	void toolApprovalRequested(ToolApprovalRequest request);

}
