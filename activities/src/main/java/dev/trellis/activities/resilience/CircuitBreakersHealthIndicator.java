package dev.trellis.activities.resilience;

import java.util.Map;
import java.util.TreeMap;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * The {@code circuitBreakers} entry of {@code /actuator/health}: which breakers are open or
 * half-open, and whether their state is shared through Redis. Always UP: an open breaker protects
 * the worker from a provider that is down; the worker itself is fine and must stay in rotation.
 */
public class CircuitBreakersHealthIndicator implements HealthIndicator {

	private final CircuitBreakers breakers;

	public CircuitBreakersHealthIndicator(CircuitBreakers breakers) {
		this.breakers = breakers;
	}

	@Override
	public Health health() {
		Map<String, String> tripped = new TreeMap<>();
		breakers.tripped().forEach((key, state) -> tripped.put(key, state.id()));
		return Health.up()
			.withDetail("tripped", tripped)
			.withDetail("state", breakers.shared() ? "shared (Redis)" : "per process")
			.build();
	}

}
