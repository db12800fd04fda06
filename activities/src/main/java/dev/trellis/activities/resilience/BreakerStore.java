package dev.trellis.activities.resilience;

import java.time.Duration;
import java.util.Map;

/**
 * Where breakers keep their state: Redis for all workers ({@link RedisBreakerStore}), or this
 * process alone ({@link LocalBreakerStore}) while Redis is away. Times are epoch milliseconds of the
 * breakers' clock, so every worker decides the same way; expiry in the store only cleans up.
 */
interface BreakerStore {

	/** Until when {@code key} is open; null when it is closed. Past times mean half-open. */
	Long openUntil(String key);

	/**
	 * Counts one failure in the window that started at {@code windowStart}.
	 * @return the failures counted in that window so far, this one included
	 */
	long recordFailure(String key, long windowStart, Duration window);

	/** Opens {@code key} until {@code until} (or re-opens it after a failed probe). */
	void open(String key, long until);

	/** Takes the one probe slot of a half-open breaker for at most {@code hold}; false when taken. */
	boolean tryAcquireProbe(String key, Duration hold);

	/** Closes {@code key}: forgets its open time, its probe and the failures of the current window. */
	void close(String key, long windowStart);

	/** Every breaker that is open or half-open, with its open-until time. */
	Map<String, Long> tripped();

}
