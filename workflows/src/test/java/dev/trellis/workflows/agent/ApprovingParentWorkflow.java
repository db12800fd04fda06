package dev.trellis.workflows.agent;

import java.time.Instant;
import java.util.Map;

import dev.trellis.workflows.api.AgentRequest;
import dev.trellis.workflows.api.AgentResult;
import dev.trellis.workflows.api.AgentWorkflow;
import dev.trellis.workflows.api.DecisionRecord;
import dev.trellis.workflows.api.TaskQueues;
import dev.trellis.workflows.api.ToolApprovalHost;
import dev.trellis.workflows.api.ToolApprovalListener;
import dev.trellis.workflows.api.ToolApprovalRequest;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;

/**
 * A parent run that hosts tool-call approvals the way the pipeline run does (memo on the child,
 * decision signalled back), with a reviewer who always gives the same decision.
 */
public class ApprovingParentWorkflow implements ApprovingParent, ToolApprovalHost {

	private String status;

	private String comment;

	@Override
	public AgentResult run(AgentRequest request, String status, String comment) {
		this.status = status;
		this.comment = comment;
		AgentWorkflow agent = Workflow.newChildWorkflowStub(AgentWorkflow.class, ChildWorkflowOptions.newBuilder()
			.setWorkflowId(Workflow.getInfo().getWorkflowId() + "/" + request.nodeId())
			.setTaskQueue(TaskQueues.MAIN)
			.setMemo(Map.of(ToolApprovalHost.MEMO_KEY, ToolApprovalHost.MEMO_VALUE))
			.build());
		return agent.run(request);
	}

	@Override
	public void toolApprovalRequested(ToolApprovalRequest request) {
		DecisionRecord decision = new DecisionRecord(request.approval().approvalId(), status, "ana",
				Instant.ofEpochMilli(Workflow.currentTimeMillis()), comment, null);
		Workflow.newExternalWorkflowStub(ToolApprovalListener.class, request.childWorkflowId())
			.toolApprovalDecided(decision);
	}

}
