package dev.trellis.approvals;

import dev.trellis.workflows.api.DecisionRecord;

/**
 * Where an inbox item stands. A reviewer's decision (or a gate's {@code onTimeout: approve|reject})
 * makes it {@link #APPROVED}, {@link #REJECTED} or {@link #EDITED}; a gate that expired with
 * {@code onTimeout: fail} leaves it {@link #EXPIRED}; a run that ended before anyone decided leaves
 * it {@link #CANCELLED}.
 */
public enum ApprovalStatus {

	PENDING, APPROVED, REJECTED, EDITED, EXPIRED, CANCELLED;

	/** The item status for the {@link DecisionRecord#status()} the run recorded. */
	public static ApprovalStatus ofDecision(String decisionStatus) {
		return switch (decisionStatus) {
			case DecisionRecord.APPROVED -> APPROVED;
			case DecisionRecord.REJECTED -> REJECTED;
			case DecisionRecord.EDITED -> EDITED;
			case DecisionRecord.TIMED_OUT -> EXPIRED;
			case DecisionRecord.CANCELLED -> CANCELLED;
			default -> throw new IllegalArgumentException("Unknown decision status '" + decisionStatus + "'");
		};
	}

	public boolean isDecided() {
		return this != PENDING;
	}

}
