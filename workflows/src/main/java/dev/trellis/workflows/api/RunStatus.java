package dev.trellis.workflows.api;

/** Status of a pipeline run, as the API, the search attribute and the canvas show it. */
public enum RunStatus {

	RUNNING, WAITING_FOR_APPROVAL, PAUSED, COMPLETED, FAILED, CANCELLED, TIMED_OUT;

	public boolean isTerminal() {
		return this == COMPLETED || this == FAILED || this == CANCELLED || this == TIMED_OUT;
	}

}
