package dev.trellis.workflows.engine;

import java.util.LinkedHashSet;
import java.util.Set;

import dev.trellis.pipeline.RetrySpec;
import dev.trellis.workflows.api.FailureTypes;
import io.temporal.common.RetryOptions;

/** Maps a node's retry policy onto Temporal's, for activities and child workflows alike. */
final class RetryPolicies {

	private RetryPolicies() {
	}

	/**
	 * The node's policy; {@link FailureTypes#NON_RETRYABLE} is always added to the non-retryable
	 * types because activities use it for bad input that no retry can fix.
	 */
	static RetryOptions of(RetrySpec spec) {
		RetrySpec retry = spec == null ? RetrySpec.defaults() : spec;
		Set<String> doNotRetry = new LinkedHashSet<>(retry.nonRetryableErrors());
		doNotRetry.add(FailureTypes.NON_RETRYABLE);
		RetryOptions.Builder builder = RetryOptions.newBuilder()
			.setMaximumAttempts(retry.maxAttempts())
			.setInitialInterval(retry.initialInterval())
			.setBackoffCoefficient(retry.backoffCoefficient())
			.setDoNotRetry(doNotRetry.toArray(String[]::new));
		if (retry.maxInterval() != null) {
			builder.setMaximumInterval(retry.maxInterval());
		}
		return builder.build();
	}

}
