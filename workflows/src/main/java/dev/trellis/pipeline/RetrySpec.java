package dev.trellis.pipeline;

import java.time.Duration;
import java.util.List;

/**
 * How often and how patiently a node is retried when it fails, read from
 * {@code nodes[i].retry}. Fields left out of the JSON take the values of {@link #defaults()}.
 *
 * <pre>{@code
 * RetrySpec retry = plan.node("research").retry();
 * RetryOptions options = RetryOptions.newBuilder()
 *     .setMaximumAttempts(retry.maxAttempts())
 *     .setInitialInterval(retry.initialInterval())
 *     .setBackoffCoefficient(retry.backoffCoefficient())
 *     .setMaximumInterval(retry.maxInterval())
 *     .setDoNotRetry(retry.nonRetryableErrors().toArray(String[]::new))
 *     .build();
 * }</pre>
 *
 * @param maxAttempts total attempts including the first, at least 1
 * @param initialInterval the wait before the first retry
 * @param backoffCoefficient how much each wait grows, at least 1
 * @param maxInterval the longest wait between attempts
 * @param nonRetryableErrors error types that fail the node at once
 */
public record RetrySpec(int maxAttempts, Duration initialInterval, double backoffCoefficient, Duration maxInterval,
		List<String> nonRetryableErrors) {

	/** Makes the error list immutable so a plan can be shared safely. */
	public RetrySpec {
		nonRetryableErrors = (nonRetryableErrors != null) ? List.copyOf(nonRetryableErrors) : List.of();
	}

	/** Three attempts, 1s initial interval, coefficient 2.0, 60s maximum interval, none non-retryable. */
	public static RetrySpec defaults() {
		return new RetrySpec(3, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(60), List.of());
	}

}
