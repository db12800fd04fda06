package dev.trellis.workflows.api;

import java.util.Arrays;
import java.util.Optional;

import io.temporal.failure.ApplicationFailure;

/**
 * Why the {@code decide} update refused a decision. The validator throws an
 * {@link IllegalArgumentException} or {@link IllegalStateException} ({@link #exception}); the update
 * handler, which re-checks because a concurrent decision may have won in the meantime, throws a
 * non-retryable {@link ApplicationFailure} of type {@link FailureTypes#DECISION_REJECTED}
 * ({@link #failure}). Either message starts with {@link #prefix()}; Temporal hands it to the caller
 * inside the update failure, where {@link #of(String)} finds the reason again so the gateway can
 * answer with {@link #httpStatus()}.
 *
 * <pre>{@code
 * try {
 *     run.decide(request);
 * } catch (WorkflowUpdateException e) {
 *     int status = DecisionRejection.of(rootMessage(e)).map(DecisionRejection::httpStatus).orElse(500);
 * }
 * }</pre>
 */
public enum DecisionRejection {

	/** No approval with that id was ever opened by this run. */
	NOT_FOUND("approval-not-found", 404),

	/** The approval was already decided (by a reviewer or by its timeout). */
	ALREADY_DECIDED("approval-already-decided", 409),

	/** The caller is neither an assignee (user or {@code group:<name>}) nor an admin. */
	FORBIDDEN("approval-forbidden", 403),

	/** The decision itself is malformed: unknown verb, {@code edit} without output or not allowed. */
	INVALID("approval-invalid-decision", 400);

	private final String code;

	private final int httpStatus;

	DecisionRejection(String code, int httpStatus) {
		this.code = code;
		this.httpStatus = httpStatus;
	}

	/** The stable marker at the start of the validator's message, e.g. {@code [approval-forbidden] }. */
	public String prefix() {
		return "[" + code + "] ";
	}

	public int httpStatus() {
		return httpStatus;
	}

	/** The exception the validator throws: state conflicts are {@link IllegalStateException}s. */
	public RuntimeException exception(String detail) {
		String message = prefix() + detail;
		return this == ALREADY_DECIDED ? new IllegalStateException(message) : new IllegalArgumentException(message);
	}

	/**
	 * The failure the update handler throws. Anything but an {@link ApplicationFailure} thrown from a
	 * handler fails the workflow task, which would retry forever with the same refusal; this one only
	 * fails the update, so the caller reads the reason and the run carries on.
	 */
	public ApplicationFailure failure(String detail) {
		return ApplicationFailure.newNonRetryableFailure(prefix() + detail, FailureTypes.DECISION_REJECTED);
	}

	/** The reason named anywhere in a (possibly wrapped) failure message. */
	public static Optional<DecisionRejection> of(String message) {
		if (message == null) {
			return Optional.empty();
		}
		return Arrays.stream(values()).filter(r -> message.contains(r.prefix().trim())).findFirst();
	}

}
