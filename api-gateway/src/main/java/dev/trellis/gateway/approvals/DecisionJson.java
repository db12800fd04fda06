package dev.trellis.gateway.approvals;

import java.time.Instant;

import dev.trellis.workflows.api.DecisionRecord;

/** The answer to a decision: what the run recorded. */
record DecisionJson(String approvalId, String status, String decidedBy, Instant decidedAt, String comment) {

	static DecisionJson of(DecisionRecord record) {
		return new DecisionJson(record.approvalId(), record.status(), record.decidedBy(), record.decidedAt(),
				record.comment());
	}

}
