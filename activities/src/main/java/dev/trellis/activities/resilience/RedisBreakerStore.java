package dev.trellis.activities.resilience;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.redisson.api.RAtomicLong;
import org.redisson.api.RScoredSortedSet;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.ScoredEntry;

/**
 * Breaker state shared by every worker. One sorted set holds the tripped breakers scored by their
 * open-until time (absent = closed), failures are counted per breaker and window in an atomic long
 * that expires after two windows, and a half-open breaker's probe slot is a key set only if absent,
 * expiring after the probe timeout. Every operation is bounded by {@code timeout}: a slow Redis is
 * treated as a failed one, never waited for.
 */
final class RedisBreakerStore implements BreakerStore {

	private static final String PREFIX = "trellis:circuit:";

	private final RedissonClient redisson;

	private final Duration timeout;

	private final RScoredSortedSet<String> tripped;

	RedisBreakerStore(RedissonClient redisson, Duration timeout) {
		this.redisson = redisson;
		this.timeout = timeout;
		this.tripped = redisson.getScoredSortedSet(PREFIX + "tripped", StringCodec.INSTANCE);
	}

	@Override
	public Long openUntil(String key) {
		Double score = await(tripped.getScoreAsync(key));
		return score == null ? null : score.longValue();
	}

	@Override
	public long recordFailure(String key, long windowStart, Duration window) {
		RAtomicLong counter = redisson.getAtomicLong(failuresKey(key, windowStart));
		long count = await(counter.incrementAndGetAsync());
		if (count == 1) {
			await(counter.expireAsync(window.multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS));
		}
		return count;
	}

	@Override
	public void open(String key, long until) {
		await(tripped.addAsync(until, key));
		await(redisson.getBucket(probeKey(key), StringCodec.INSTANCE).deleteAsync());
	}

	@Override
	public boolean tryAcquireProbe(String key, Duration hold) {
		// The value only tells whoever inspects Redis which process holds the probe.
		return await(redisson.<String>getBucket(probeKey(key), StringCodec.INSTANCE)
			.setIfAbsentAsync("pid " + ProcessHandle.current().pid(), hold));
	}

	@Override
	public void close(String key, long windowStart) {
		await(tripped.removeAsync(key));
		await(redisson.getKeys().deleteAsync(probeKey(key), failuresKey(key, windowStart)));
	}

	@Override
	public Map<String, Long> tripped() {
		Map<String, Long> out = new TreeMap<>();
		for (ScoredEntry<String> entry : await(tripped.entryRangeAsync(0, -1))) {
			out.put(entry.getValue(), entry.getScore().longValue());
		}
		return out;
	}

	private static String failuresKey(String key, long windowStart) {
		return PREFIX + "failures:" + key + ":" + windowStart;
	}

	private static String probeKey(String key) {
		return PREFIX + "probe:" + key;
	}

	private <T> T await(CompletionStage<T> operation) {
		try {
			return operation.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException e) {
			throw new IllegalStateException("Redis failed: " + e.getCause(), e.getCause());
		}
		catch (TimeoutException e) {
			throw new IllegalStateException("Redis did not answer within " + timeout, e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for Redis", e);
		}
	}

}
