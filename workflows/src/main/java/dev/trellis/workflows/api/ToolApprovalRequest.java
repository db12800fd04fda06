package dev.trellis.workflows.api;

/**
 * A gated tool call an agent child asks its parent run to put before a reviewer.
 *
 * @param childWorkflowId where to signal the decision ({@link ToolApprovalListener})
 * @param approval the pending approval, kind {@code tool_call}; its payload holds {@code tool},
 * {@code arguments}, {@code permission} and {@code reason}
 */
public record ToolApprovalRequest(String childWorkflowId, PendingApproval approval) {
}
