package dev.trellis.approvals;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.workflows.api.PipelineRef;

/**
 * One inbox item: what a run asks a human to decide, and once decided, the decision. Both the shown
 * {@code payload} and the reviewer's {@code editedOutput} are kept for the audit.
 *
 * @param workflowId the workflow that waits for the decision (the run, or its subpipeline child)
 * @param kind {@code node_output} or {@code tool_call}
 * @param payload what the reviewer is shown
 * @param digest sha256 of the canonical JSON of {@code payload}: proof of what the reviewer saw
 * @param assignees users by name and groups as {@code group:<name>}; empty means admins only
 * @param producedBy pinned entities that produced the payload, e.g. {@code agents/writer@3}
 * @param pipeline the pipeline version of the run, null when the run did not say
 */
public record ApprovalItem(String approvalId, String runId, String workflowId, String nodeId, String kind,
		String title, JsonNode payload, String digest, boolean allowEdit, List<String> assignees, Instant dueAt,
		Instant createdAt, ApprovalStatus status, String decidedBy, Instant decidedAt, String comment,
		JsonNode editedOutput, List<String> producedBy, PipelineRef pipeline) {

	public ApprovalItem {
		assignees = List.copyOf(assignees);
		producedBy = List.copyOf(producedBy);
	}

}
