package dev.trellis.activities.resilience;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Breaker state of this process only: what a worker falls back to while Redis is away, so a dead
 * provider is still fenced off (per worker) and calls never wait on Redis.
 */
final class LocalBreakerStore implements BreakerStore {

	private final Clock clock;

	private final Map<String, Long> openUntil = new ConcurrentHashMap<>();

	private final Map<String, Window> failures = new ConcurrentHashMap<>();

	private final Map<String, Long> probes = new ConcurrentHashMap<>();

	LocalBreakerStore(Clock clock) {
		this.clock = clock;
	}

	@Override
	public Long openUntil(String key) {
		return openUntil.get(key);
	}

	@Override
	public long recordFailure(String key, long windowStart, Duration window) {
		return failures.compute(key, (k, w) -> w == null || w.start != windowStart ? new Window(windowStart, 1)
				: new Window(windowStart, w.count + 1)).count;
	}

	@Override
	public void open(String key, long until) {
		openUntil.put(key, until);
		probes.remove(key);
	}

	@Override
	public boolean tryAcquireProbe(String key, Duration hold) {
		long now = clock.millis();
		long until = now + hold.toMillis();
		return probes.compute(key, (k, held) -> held == null || held <= now ? until : held) == until;
	}

	@Override
	public void close(String key, long windowStart) {
		openUntil.remove(key);
		probes.remove(key);
		failures.remove(key);
	}

	@Override
	public Map<String, Long> tripped() {
		return new TreeMap<>(openUntil);
	}

	/** Failures counted in the window starting at {@code start}. */
	private record Window(long start, long count) {
	}

}
