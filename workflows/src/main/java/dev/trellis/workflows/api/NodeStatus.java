package dev.trellis.workflows.api;

/** Status of one node of a run. */
public enum NodeStatus {

	PENDING, RUNNING, RETRYING, WAITING_FOR_APPROVAL, COMPLETED, SKIPPED, FAILED, CANCELLED;

	public boolean isTerminal() {
		return this == COMPLETED || this == SKIPPED || this == FAILED || this == CANCELLED;
	}

}
