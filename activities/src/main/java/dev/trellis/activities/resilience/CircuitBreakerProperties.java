package dev.trellis.activities.resilience;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Circuit breakers in front of model providers and tools ({@code trellis.resilience.circuit-breaker.*}).
 *
 * @param failures failures within one {@code window} that open a breaker
 * @param window the window failures are counted in
 * @param openFor how long an open breaker fails calls fast before it lets one probe through
 * @param probeTimeout how long a half-open probe holds its slot; a worker that dies mid-probe frees
 * it after this
 * @param redisTimeout the longest a call waits for Redis before it decides with this process's own
 * breaker instead
 */
@ConfigurationProperties("trellis.resilience.circuit-breaker")
public record CircuitBreakerProperties(@DefaultValue("5") int failures, @DefaultValue("30s") Duration window,
		@DefaultValue("30s") Duration openFor, @DefaultValue("2m") Duration probeTimeout,
		@DefaultValue("250ms") Duration redisTimeout) {

	public CircuitBreakerProperties {
		if (failures < 1) {
			throw new IllegalArgumentException("trellis.resilience.circuit-breaker.failures must be at least 1");
		}
	}

}
