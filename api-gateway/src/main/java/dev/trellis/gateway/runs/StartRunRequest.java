package dev.trellis.gateway.runs;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/runs}.
 *
 * @param version the pipeline version; null runs the latest
 * @param idempotencyKey the same key (per caller) always answers with the same run
 */
public record StartRunRequest(@NotBlank @Size(max = 200) String pipeline, @Positive Integer version, JsonNode input,
		@Size(max = 200) String idempotencyKey) {
}
