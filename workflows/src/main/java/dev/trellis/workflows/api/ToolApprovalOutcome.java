package dev.trellis.workflows.api;

/**
 * The answer to a {@link ToolApprovalRequest}. {@code decision.status()} is {@code APPROVED} or
 * {@code EDITED} (run the call; an edit carries the reviewer's arguments as {@code output}),
 * {@code REJECTED} (return "denied by reviewer: <comment>" to the model) or {@code TIMED_OUT}.
 */
public record ToolApprovalOutcome(String requestId, DecisionRecord decision) {
}
