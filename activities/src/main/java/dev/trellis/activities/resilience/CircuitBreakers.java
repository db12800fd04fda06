package dev.trellis.activities.resilience;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import dev.trellis.workflows.api.FailureTypes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.failure.ApplicationFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Circuit breakers in front of model provider endpoints and tools, shared by every worker through
 * Redis. A breaker is CLOSED until {@code failures} calls fail within one {@code window}; it is then
 * OPEN for {@code openFor}, and every call fails at once with a retryable {@code CircuitOpen}
 * failure whose {@code nextRetryDelay} is the time left, so Temporal backs off instead of hammering
 * a provider that is down. After the cool-down it is HALF_OPEN: one call goes through as a probe;
 * its success closes the breaker, its failure opens it again.
 *
 * <pre>{@code
 * ChatResponse answer = breakers.call(BreakerKeys.provider("openai", baseUrl), () -> model.call(prompt),
 *         e -> isProviderOutage(e));
 * }</pre>
 *
 * <p>Redis is an optimisation here, never a dependency: when it fails or is slow, breakers carry on
 * with this process's own state ({@link LocalBreakerStore}) and try Redis again after
 * {@link #REDIS_RETRY}. State changes are visible as the gauge {@code trellis.circuit.breaker.state}
 * (1 for the breaker's current state, per {@code breaker} and {@code state} tag, as this worker last
 * saw it) and in the {@code circuitBreakers} health contributor.
 */
public class CircuitBreakers {

	/** How long the shared state is left alone after Redis failed. */
	static final Duration REDIS_RETRY = Duration.ofSeconds(10);

	/** The back-off of a call that finds another call probing a half-open breaker. */
	static final Duration PROBE_PENDING_DELAY = Duration.ofSeconds(5);

	private static final Logger log = LoggerFactory.getLogger(CircuitBreakers.class);

	private final BreakerStore shared;

	private final BreakerStore local;

	private final CircuitBreakerProperties settings;

	private final Clock clock;

	private final MeterRegistry meters;

	/** The state this worker last saw per breaker; gauges read it, so a scrape never touches Redis. */
	private final Map<String, BreakerState> observed = new ConcurrentHashMap<>();

	private volatile boolean sharedDown;

	private volatile long sharedRetryAt;

	/**
	 * @param shared the state all workers share, or null to keep state in this process only
	 * @param meters where the state gauges go, or null for none
	 */
	CircuitBreakers(BreakerStore shared, CircuitBreakerProperties settings, Clock clock, MeterRegistry meters) {
		this.shared = shared;
		this.local = new LocalBreakerStore(clock);
		this.settings = settings;
		this.clock = clock;
		this.meters = meters;
	}

	/**
	 * Runs {@code call} through the breaker {@code key}. Every exception counts as a failure except a
	 * non-retryable {@link ApplicationFailure}: that is a bad request the endpoint answered, not an
	 * endpoint that is down.
	 *
	 * @throws ApplicationFailure of type {@link FailureTypes#CIRCUIT_OPEN} (retryable) when the breaker
	 * is open or another call is probing it
	 */
	public <T> T call(String key, Supplier<T> call) {
		return call(key, call, CircuitBreakers::isEndpointFailure);
	}

	/**
	 * Runs {@code call} through the breaker {@code key}; {@code countsAsFailure} decides which of its
	 * exceptions say the endpoint is failing (a 503, a timeout) rather than the request (a 400).
	 */
	public <T> T call(String key, Supplier<T> call, Predicate<RuntimeException> countsAsFailure) {
		Long openUntil = withStore(store -> store.openUntil(key));
		if (openUntil == null) {
			observe(key, BreakerState.CLOSED);
			return closed(key, call, countsAsFailure);
		}
		long now = clock.millis();
		if (now < openUntil) {
			observe(key, BreakerState.OPEN);
			throw rejected(key, Duration.ofMillis(openUntil - now), "open after repeated failures");
		}
		observe(key, BreakerState.HALF_OPEN);
		if (!withStore(store -> store.tryAcquireProbe(key, settings.probeTimeout()))) {
			Duration delay = PROBE_PENDING_DELAY.compareTo(settings.openFor()) < 0 ? PROBE_PENDING_DELAY
					: settings.openFor();
			throw rejected(key, delay, "half-open while another call probes it");
		}
		return probe(key, call, countsAsFailure);
	}

	/** Every breaker that is open or half-open right now, by key. */
	public Map<String, BreakerState> tripped() {
		long now = clock.millis();
		Map<String, BreakerState> out = new TreeMap<>();
		withStore(BreakerStore::tripped)
			.forEach((key, until) -> out.put(key, now < until ? BreakerState.OPEN : BreakerState.HALF_OPEN));
		return out;
	}

	/** Whether breakers currently share their state through Redis (false: per process). */
	public boolean shared() {
		return shared != null && !sharedDown;
	}

	/** The default failure rule: anything but a non-retryable application failure. */
	static boolean isEndpointFailure(RuntimeException e) {
		return !(e instanceof ApplicationFailure failure && failure.isNonRetryable());
	}

	private <T> T closed(String key, Supplier<T> call, Predicate<RuntimeException> countsAsFailure) {
		try {
			return call.get();
		}
		catch (RuntimeException e) {
			if (countsAsFailure.test(e)) {
				failed(key);
			}
			throw e;
		}
	}

	private void failed(String key) {
		long now = clock.millis();
		long window = settings.window().toMillis();
		long windowStart = now - Math.floorMod(now, window);
		long failures = withStore(store -> store.recordFailure(key, windowStart, settings.window()));
		// Exactly at the threshold: calls that were already in flight and fail later do not extend it.
		if (failures == settings.failures()) {
			open(key, now, failures + " failures within " + settings.window());
		}
	}

	private <T> T probe(String key, Supplier<T> call, Predicate<RuntimeException> countsAsFailure) {
		T result;
		try {
			result = call.get();
		}
		catch (RuntimeException e) {
			if (countsAsFailure.test(e)) {
				open(key, clock.millis(), "the half-open probe failed");
			}
			else {
				// The endpoint answered, if only to refuse this request: it is up again.
				close(key);
			}
			throw e;
		}
		close(key);
		return result;
	}

	private void open(String key, long now, String why) {
		withStore(store -> {
			store.open(key, now + settings.openFor().toMillis());
			return null;
		});
		observe(key, BreakerState.OPEN);
		log.warn("Circuit breaker {} opened for {}: {}", key, settings.openFor(), why);
	}

	private void close(String key) {
		long now = clock.millis();
		long windowStart = now - Math.floorMod(now, settings.window().toMillis());
		withStore(store -> {
			store.close(key, windowStart);
			return null;
		});
		observe(key, BreakerState.CLOSED);
		log.info("Circuit breaker {} closed: the probe succeeded", key);
	}

	private ApplicationFailure rejected(String key, Duration delay, String why) {
		if (meters != null) {
			Counter.builder("trellis.circuit.breaker.rejected")
				.description("Calls failed fast by an open circuit breaker")
				.tag("breaker", key)
				.register(meters)
				.increment();
		}
		return ApplicationFailure.newBuilder()
			.setType(FailureTypes.CIRCUIT_OPEN)
			.setMessage("Circuit breaker " + key + " is " + why + "; retrying in " + delay.toMillis() + " ms")
			.setNextRetryDelay(delay)
			.build();
	}

	/**
	 * Runs {@code operation} on the shared store, or on the local one while Redis is failing. A
	 * Redis failure is logged once per {@link #REDIS_RETRY} and never reaches the caller.
	 */
	private <R> R withStore(Function<BreakerStore, R> operation) {
		if (shared != null && (!sharedDown || System.nanoTime() - sharedRetryAt >= 0)) {
			try {
				R result = operation.apply(shared);
				sharedDown = false;
				return result;
			}
			catch (RuntimeException e) {
				sharedRetryAt = System.nanoTime() + REDIS_RETRY.toNanos();
				sharedDown = true;
				log.warn("Circuit breakers keep per-process state for {}: {}", REDIS_RETRY, e.getMessage());
			}
		}
		return operation.apply(local);
	}

	private void observe(String key, BreakerState state) {
		if (observed.put(key, state) == null && meters != null) {
			for (BreakerState candidate : BreakerState.values()) {
				Gauge.builder("trellis.circuit.breaker.state", observed, m -> m.get(key) == candidate ? 1 : 0)
					.description("1 for the state a circuit breaker is in, as this worker last saw it")
					.tag("breaker", key)
					.tag("state", candidate.id())
					.register(meters);
			}
		}
	}

}
