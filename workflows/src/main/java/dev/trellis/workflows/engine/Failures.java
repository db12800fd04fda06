package dev.trellis.workflows.engine;

import dev.trellis.workflows.api.ErrorInfo;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.failure.TimeoutFailure;

/** Turns Temporal failures into the readable {@link ErrorInfo} a node or a run shows. */
final class Failures {

	static final String TIMEOUT = "Timeout";

	static final String INTERNAL = "InternalError";

	static final String CANCELLED = "Cancelled";

	private Failures() {
	}

	/** True when the failure only says the work was cancelled, not that it went wrong. */
	static boolean isCancellation(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof CanceledFailure) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The innermost meaningful cause: an {@link ApplicationFailure} keeps its type and message, a
	 * timeout says which one, anything else keeps its message.
	 */
	static ErrorInfo describe(Throwable failure) {
		Throwable t = failure;
		while ((t instanceof ActivityFailure || t instanceof ChildWorkflowFailure) && t.getCause() != null) {
			t = t.getCause();
		}
		if (t instanceof ApplicationFailure app) {
			return new ErrorInfo(app.getType(), app.getOriginalMessage(), !app.isNonRetryable());
		}
		if (t instanceof TimeoutFailure timeout) {
			return new ErrorInfo(TIMEOUT, "Timed out (" + timeout.getTimeoutType().name().replace("TIMEOUT_TYPE_", "")
					.toLowerCase() + ")", true);
		}
		return new ErrorInfo(INTERNAL, t.getMessage(), false);
	}

	/**
	 * The attempt that failed last when the server says retries ran out; {@code known} otherwise,
	 * because a non-retryable failure does not say how many attempts came before it.
	 */
	static int lastAttempt(Throwable failure, int maxAttempts, int known) {
		RetryState state = failure instanceof ActivityFailure a ? a.getRetryState()
				: failure instanceof ChildWorkflowFailure c ? c.getRetryState() : null;
		if (state == RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED && maxAttempts > 0) {
			return maxAttempts;
		}
		return known;
	}

}
