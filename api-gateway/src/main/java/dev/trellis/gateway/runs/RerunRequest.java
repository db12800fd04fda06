package dev.trellis.gateway.runs;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/runs/{runId}/rerun}.
 *
 * @param fromNode the node to run again, with everything downstream of it
 * @param pipelineVersion run on this (newer) version of the pipeline; null keeps the original's
 * @param overrides replacement outputs of reused nodes, keyed {@code nodes.<id>.output}; null for none
 */
public record RerunRequest(@NotBlank @Size(max = 64) String fromNode, @Positive Integer pipelineVersion,
		@Size(max = 100) Map<String, JsonNode> overrides) {
}
