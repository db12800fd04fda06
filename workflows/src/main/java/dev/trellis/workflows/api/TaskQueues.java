package dev.trellis.workflows.api;

/** Task queue names. One queue keeps scaling simple: every worker can run every task. */
public final class TaskQueues {

	/** Pipeline and agent workflows, tool and LLM activities. */
	public static final String MAIN = "trellis";

	private TaskQueues() {
	}

}
