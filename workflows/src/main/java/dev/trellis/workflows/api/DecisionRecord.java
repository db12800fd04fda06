package dev.trellis.workflows.api;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A recorded decision: {@code status} is {@code APPROVED}, {@code REJECTED} or {@code EDITED} for a
 * reviewer's decision (also when a gate's {@code onTimeout} approves or rejects, then {@code decidedBy}
 * is {@value #BY_TIMEOUT}), {@code TIMED_OUT} when a gate with {@code onTimeout: fail} expired and
 * {@code CANCELLED} when the run ended before anyone decided.
 */
public record DecisionRecord(String approvalId, String status, String decidedBy, Instant decidedAt, String comment,
		JsonNode output) {

	public static final String APPROVED = "APPROVED";

	public static final String REJECTED = "REJECTED";

	public static final String EDITED = "EDITED";

	public static final String TIMED_OUT = "TIMED_OUT";

	public static final String CANCELLED = "CANCELLED";

	/** {@code decidedBy} of decisions a gate's timeout made. */
	public static final String BY_TIMEOUT = "system:timeout";

	/** {@code decidedBy} of items closed because their run ended first. */
	public static final String BY_RUN_END = "system:run-ended";

}
