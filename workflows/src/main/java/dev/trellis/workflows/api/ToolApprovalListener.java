package dev.trellis.workflows.api;

import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;

/**
 * The child side of tool-call approvals (see {@link ToolApprovalHost}): an agent workflow waiting for
 * a reviewer's decision on one of its tool calls. A decision whose approval id the agent is not
 * waiting for is ignored, so a duplicate signal is harmless.
 */
@WorkflowInterface
public interface ToolApprovalListener {

	@SignalMethod(name = "ToolApprovalDecided")
	void toolApprovalDecided(DecisionRecord decision);

}
