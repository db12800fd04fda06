package dev.trellis.gateway.runs;

import java.time.Instant;

/** The gateway's row for a run (see {@code V300__runs.sql}). */
record RunRecord(String runId, String workflowId, String pipeline, int pipelineVersion, String startedBy,
		String idempotencyKey, String rerunOf, String rerunFromNode, Instant createdAt) {
}
