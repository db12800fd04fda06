package dev.trellis.workflows.agent;

import dev.trellis.workflows.api.AgentRequest;
import dev.trellis.workflows.api.AgentResult;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** A test parent run: starts one agent child and answers its approval requests with a fixed decision. */
@WorkflowInterface
public interface ApprovingParent {

	@WorkflowMethod(name = "ApprovingParent")
	AgentResult run(AgentRequest request, String status, String comment);

}
