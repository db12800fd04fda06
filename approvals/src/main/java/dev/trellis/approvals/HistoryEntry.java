package dev.trellis.approvals;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One line of an item's append-only audit trail.
 *
 * @param action {@code opened}, {@code reassigned}, {@code reminded} or {@code decided}
 * @param actor who caused it: the deciding user, {@code system:timeout}, or null for the run itself
 * @param assignees the assignees after the action (null for actions that do not change them)
 * @param data details: the decision status, comment and shown digest of a {@code decided} entry, the
 * previous assignees and new due time of a {@code reassigned} one
 */
public record HistoryEntry(String approvalId, String action, String actor, List<String> assignees, JsonNode data,
		Instant recordedAt) {
}
