package dev.trellis.gateway.trace;

import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import dev.trellis.trace.RunStreams;
import org.redisson.api.RSet;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who watches which run, for operators: a Redis set {@code trellis:run:<runId>:watchers} of
 * {@code <instance>/<socket>} members that expires unless the watching instances refresh it. It is
 * ephemeral and informational only; the fan-out works from its in-memory state and never reads it,
 * so every write is fire-and-forget.
 */
final class RunWatchers {

	private static final Logger log = LoggerFactory.getLogger(RunWatchers.class);

	private final RedissonClient redisson;

	private final String instanceId;

	private final Duration ttl;

	RunWatchers(RedissonClient redisson, String instanceId, Duration ttl) {
		this.redisson = redisson;
		this.instanceId = instanceId;
		this.ttl = ttl;
	}

	static String key(String runId) {
		return RunStreams.key(runId) + ":watchers";
	}

	void add(String runId, String socketId) {
		refresh(runId, Set.of(socketId));
	}

	void refresh(String runId, Collection<String> socketIds) {
		if (socketIds.isEmpty()) {
			return;
		}
		RSet<String> set = set(runId);
		quietly(set.addAllAsync(socketIds.stream().map(this::member).toList())
			.thenCompose(added -> set.expireAsync(ttl)));
	}

	void remove(String runId, String socketId) {
		quietly(set(runId).removeAsync(member(socketId)));
	}

	private RSet<String> set(String runId) {
		return redisson.getSet(key(runId), StringCodec.INSTANCE);
	}

	private String member(String socketId) {
		return instanceId + "/" + socketId;
	}

	private static void quietly(CompletionStage<?> write) {
		write.whenComplete((ok, error) -> {
			if (error != null) {
				log.debug("Watcher bookkeeping skipped: {}", error.toString());
			}
		});
	}

}
