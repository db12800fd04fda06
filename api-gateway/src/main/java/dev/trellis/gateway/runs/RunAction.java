package dev.trellis.gateway.runs;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One audited action on a run, as {@code GET /api/runs/{runId}/actions} lists it.
 *
 * @param action {@code pause}, {@code resume}, {@code cancel}, {@code rerun} or {@code retry}
 * @param by the user who asked for it
 * @param details what the action needs to be understood later, e.g. {@code rerunOf} and
 * {@code fromNode} of a rerun
 */
public record RunAction(long id, String runId, String action, String by, Instant at, JsonNode details) {

	static final String PAUSE = "pause";

	static final String RESUME = "resume";

	static final String CANCEL = "cancel";

	static final String RERUN = "rerun";

	static final String RETRY = "retry";

}
