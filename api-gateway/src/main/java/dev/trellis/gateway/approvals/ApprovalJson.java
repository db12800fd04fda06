package dev.trellis.gateway.approvals;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.approvals.ApprovalItem;
import dev.trellis.approvals.HistoryEntry;
import dev.trellis.workflows.api.PipelineRef;

/**
 * An inbox item as the API shows it: the fields of API.md plus what the audit needs (the digest of
 * what was shown, the decision, the edited output and the pinned versions that produced the payload).
 * {@code history} is present only on {@code GET /api/approvals/{approvalId}}.
 */
record ApprovalJson(String approvalId, String runId, String workflowId, String nodeId, String kind, String title,
		JsonNode payload, String digest, boolean allowEdit, List<String> assignees, Instant dueAt, Instant createdAt,
		String status, String decidedBy, Instant decidedAt, String comment, JsonNode editedOutput,
		List<String> producedBy, PipelineRef pipeline, @JsonInclude(JsonInclude.Include.NON_NULL) List<History> history) {

	static ApprovalJson of(ApprovalItem item, List<HistoryEntry> history) {
		return new ApprovalJson(item.approvalId(), item.runId(), item.workflowId(), item.nodeId(), item.kind(),
				item.title(), item.payload(), item.digest(), item.allowEdit(), item.assignees(), item.dueAt(),
				item.createdAt(), item.status().name(), item.decidedBy(), item.decidedAt(), item.comment(),
				item.editedOutput(), item.producedBy(), item.pipeline(),
				history == null ? null : history.stream().map(History::of).toList());
	}

	/** One line of the item's audit trail. */
	record History(String action, String actor, List<String> assignees, JsonNode data, Instant at) {

		static History of(HistoryEntry e) {
			return new History(e.action(), e.actor(), e.assignees(), e.data(), e.recordedAt());
		}

	}

	/** A page of {@code GET /api/approvals}. */
	record Page(List<ApprovalJson> items, String nextCursor) {
	}

}
