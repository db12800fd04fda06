package dev.trellis.workflows.api;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The live state of one node. {@code comment} is a reviewer's comment on a human_review node and
 * {@code reviewOutcome} its decision ({@code approved} or {@code rejected}), so a rerun can reuse a
 * decided review without asking again; both are null for other nodes.
 */
public record NodeView(String id, String type, NodeStatus status, int attempt, Instant startedAt, Instant endedAt,
		JsonNode output, ErrorInfo error, TokenUsage tokens, String comment, boolean reused, String reviewOutcome) {

	/** A node without a review outcome (every type but a decided human_review). */
	public NodeView(String id, String type, NodeStatus status, int attempt, Instant startedAt, Instant endedAt,
			JsonNode output, ErrorInfo error, TokenUsage tokens, String comment, boolean reused) {
		this(id, type, status, attempt, startedAt, endedAt, output, error, tokens, comment, reused, null);
	}

}
