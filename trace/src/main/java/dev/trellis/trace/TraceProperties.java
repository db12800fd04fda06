package dev.trellis.trace;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the event publisher ({@code trellis.trace.*}).
 *
 * <pre>{@code
 * trellis:
 *   trace:
 *     stream: { max-len: 10000, ttl: 24h, write-timeout: 3s, retry-after: 2s, max-pending: 10000 }
 *     deltas: { max-chunks: 64, max-delay: 100ms }
 * }</pre>
 *
 * @param stream the live Redis Stream per run
 * @param deltas coalescing of streamed LLM text into {@code llm.delta} events
 */
@ConfigurationProperties("trellis.trace")
public record TraceProperties(@DefaultValue Stream stream, @DefaultValue Deltas deltas) {

	/**
	 * @param maxLen approximate number of entries a run's stream keeps (older ones are in PostgreSQL)
	 * @param ttl how long a stream lives after its last event
	 * @param writeTimeout a stream write not acknowledged within this counts as failed (publishers never
	 *     wait for it)
	 * @param retryAfter after a failed write, how long publishers skip the live copy before trying again
	 * @param maxPending events that may wait for Redis at once; beyond that the live copy is skipped
	 */
	public record Stream(@DefaultValue("10000") int maxLen, @DefaultValue("24h") Duration ttl,
			@DefaultValue("3s") Duration writeTimeout, @DefaultValue("2s") Duration retryAfter,
			@DefaultValue("10000") int maxPending) {
	}

	/**
	 * @param maxChunks provider chunks (roughly tokens) merged into one {@code llm.delta} event at most
	 * @param maxDelay longest a chunk waits before its event is published
	 */
	public record Deltas(@DefaultValue("64") int maxChunks, @DefaultValue("100ms") Duration maxDelay) {
	}

}
