package dev.trellis.workflows.api;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An approval a run waits for.
 *
 * @param kind {@code node_output} for a human_review node, {@code tool_call} for a gated tool call
 * @param payload what the reviewer is shown (the rendered output, or the tool, arguments and reason)
 * @param digest sha256 of the canonical JSON of {@code payload}: what the reviewer saw, for the audit
 */
public record PendingApproval(String approvalId, String runId, String nodeId, String kind, String title,
		JsonNode payload, String digest, List<String> assignees, Instant createdAt, Instant dueAt, boolean allowEdit) {
}
