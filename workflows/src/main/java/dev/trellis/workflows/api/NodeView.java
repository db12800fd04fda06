package dev.trellis.workflows.api;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/** The live state of one node. {@code comment} is a reviewer's comment on a human_review node. */
public record NodeView(String id, String type, NodeStatus status, int attempt, Instant startedAt, Instant endedAt,
		JsonNode output, ErrorInfo error, TokenUsage tokens, String comment, boolean reused) {
}
