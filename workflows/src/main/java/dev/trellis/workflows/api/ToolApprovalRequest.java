package dev.trellis.workflows.api;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A tool call an agent wants a human to approve before it runs. The agent child workflow signals it
 * to its parent run ({@link PipelineWorkflow#requestToolApproval}); the run opens a {@code tool_call}
 * approval through the same gate as a {@code human_review} node, so the inbox, the {@code decide}
 * update and its validator work unchanged. When the gate is decided (or times out) the run signals
 * {@link #replyTo()} with {@link #DECIDED_SIGNAL} and a {@link ToolApprovalOutcome}.
 *
 * <pre>{@code
 * // inside the agent workflow
 * PipelineWorkflow parent = Workflow.newExternalWorkflowStub(PipelineWorkflow.class,
 *     Workflow.getInfo().getParentWorkflowId().orElseThrow());
 * parent.requestToolApproval(new ToolApprovalRequest(request.nodeId(), call.callId(),
 *     Workflow.getInfo().getWorkflowId(), "Run http_post", payload, List.of("group:ops"),
 *     Duration.ofHours(4), "reject", List.of(), false));
 * Workflow.await(() -> outcomes.containsKey(call.callId()));
 * }</pre>
 *
 * @param nodeId the agent node of the parent run the call belongs to
 * @param requestId the agent's own id for the call, echoed in the outcome (e.g. the tool call id)
 * @param replyTo workflow id of the agent that waits for the outcome
 * @param payload what the reviewer sees: {@code {"tool", "arguments", "reason"}}
 * @param assignees users or {@code group:<name>}; empty means admins only
 * @param timeout how long the gate waits, or null to wait for ever
 * @param onTimeout {@code reject} (also when null), {@code approve}, {@code fail} or {@code escalate}
 * @param escalateTo the assignees after an escalation
 * @param allowEdit whether a reviewer may change the arguments ({@code edit} with new arguments as output)
 */
public record ToolApprovalRequest(String nodeId, String requestId, String replyTo, String title, JsonNode payload,
		List<String> assignees, Duration timeout, String onTimeout, List<String> escalateTo, boolean allowEdit) {

	/** Name of the signal the run sends to {@link #replyTo()}; its argument is a {@link ToolApprovalOutcome}. */
	public static final String DECIDED_SIGNAL = "toolApprovalDecided";

	public ToolApprovalRequest {
		assignees = assignees == null ? List.of() : List.copyOf(assignees);
		escalateTo = escalateTo == null ? List.of() : List.copyOf(escalateTo);
	}

}
