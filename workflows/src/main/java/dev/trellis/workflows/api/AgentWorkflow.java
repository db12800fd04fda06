package dev.trellis.workflows.api;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** One agent node: the plan-act-observe loop, run as a child of the pipeline run. */
@WorkflowInterface
public interface AgentWorkflow {

	@WorkflowMethod(name = "Agent")
	AgentResult run(AgentRequest request);

}
