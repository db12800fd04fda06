package dev.trellis.workflows.api;

/** Application failure types used across workflows and activities, as constants rather than strings. */
public final class FailureTypes {

	/** Bad input that no retry can fix (invalid arguments, unknown model, 400/401 from a provider). */
	public static final String NON_RETRYABLE = "NonRetryable";

	public static final String TOOL_FAILED = "ToolFailed";

	public static final String PROVIDER_UNAVAILABLE = "ProviderUnavailable";

	public static final String RATE_LIMITED = "RateLimited";

	public static final String MAX_STEPS = "MaxStepsExceeded";

	public static final String TOKEN_BUDGET = "TokenBudgetExceeded";

	/** An agent asked for the same tool with the same arguments too often: it is looping. */
	public static final String REPEATED_TOOL_CALL = "RepeatedToolCall";

	/**
	 * An agent's final answer still broke a {@code json_schema} or {@code blocked_terms} guardrail (or
	 * its {@code outputSchema}) after the corrections it was allowed.
	 */
	public static final String OUTPUT_GUARDRAIL = "OutputGuardrailFailed";

	public static final String REJECTED = "RejectedByReviewer";

	/**
	 * A {@code decide} update refused by its handler (see {@link DecisionRejection#failure}): the
	 * decision passed the validator, but another one for the same approval was applied first.
	 */
	public static final String DECISION_REJECTED = "DecisionRejected";

	public static final String CIRCUIT_OPEN = "CircuitOpen";

	/** A review gate with {@code onTimeout: fail} expired before anyone decided. */
	public static final String APPROVAL_TIMED_OUT = "ApprovalTimedOut";

	/** A template read a value the run does not have (e.g. a path into an output that lacks it). */
	public static final String TEMPLATE_ERROR = "TemplateError";

	/** The pipeline definition of a run does not compile (the gateway validates first, so this is rare). */
	public static final String INVALID_PIPELINE = "InvalidPipeline";

	private FailureTypes() {
	}

}
