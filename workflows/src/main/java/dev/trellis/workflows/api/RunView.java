package dev.trellis.workflows.api;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** The live state of a run, shaped like {@code GET /api/runs/{id}} in API.md. */
public record RunView(String runId, PipelineRef pipeline, RunStatus status, Instant startedAt, Instant endedAt,
		JsonNode input, JsonNode output, ErrorInfo error, List<NodeView> nodes, List<PendingApproval> pendingApprovals,
		TokenUsage tokens, String startedBy) {
}
