package dev.trellis.trace;

import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RStreamAsync;
import org.redisson.api.RedissonClient;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends recorded events to the run's Redis Stream. Best effort by design: the PostgreSQL log is
 * the authority and gateways fill anything the stream misses from it, so a Redis failure is logged
 * once per outage and never reaches the caller. While Redis is failing, writes are skipped for
 * {@code retryAfter} so a worker pays the write timeout at most once per such window instead of
 * once per event.
 */
final class LiveStreamWriter {

	private static final Logger log = LoggerFactory.getLogger(LiveStreamWriter.class);

	private final RedissonClient redisson;

	private final ObjectMapper json;

	private final TraceProperties.Stream props;

	private volatile long skipUntilNanos;

	private volatile boolean failing;

	LiveStreamWriter(RedissonClient redisson, ObjectMapper json, TraceProperties.Stream props) {
		this.redisson = redisson;
		this.json = json;
		this.props = props;
	}

	/** Streams the events (one run, ascending seq) with one round trip; returns whether Redis took them. */
	boolean write(String runId, List<RecordedEvent> events) {
		if (events.isEmpty() || (failing && System.nanoTime() - skipUntilNanos < 0)) {
			return false;
		}
		try {
			RBatch batch = redisson.createBatch(BatchOptions.defaults()
				.responseTimeout(props.writeTimeout().toMillis(), TimeUnit.MILLISECONDS)
				.retryAttempts(0));
			RStreamAsync<String, String> stream = batch.getStream(RunStreams.key(runId), StringCodec.INSTANCE);
			for (RecordedEvent e : events) {
				stream.addAsync(StreamAddArgs
					.entries(RunStreams.FIELD_SEQ, Long.toString(e.seq()), RunStreams.FIELD_EVENT, json.writeValueAsString(e))
					.trimNonStrict()
					.maxLen(props.maxLen())
					.noLimit());
			}
			// The stream outlives the run by the TTL, counted from its last event.
			stream.expireAsync(props.ttl());
			batch.executeAsync().toCompletableFuture().get(props.writeTimeout().toMillis(), TimeUnit.MILLISECONDS);
			if (failing) {
				failing = false;
				log.info("Live run stream is back: events stream to Redis again");
			}
			return true;
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (JsonProcessingException e) {
			throw new IllegalStateException("Recorded event is not serialisable", e);
		}
		catch (Exception e) {
			skipUntilNanos = System.nanoTime() + props.retryAfter().toNanos();
			if (!failing) {
				failing = true;
				log.warn("Live run stream unavailable ({}); events are recorded in PostgreSQL and gateways read them from there",
						e.toString());
			}
			return false;
		}
	}

}
