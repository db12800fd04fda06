package dev.trellis.trace;

import java.util.List;
import java.util.concurrent.Semaphore;
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
 * Appends recorded events to the run's Redis Stream without making the publisher wait. Best effort
 * by design: the PostgreSQL log is the authority and gateways fill whatever the stream misses from
 * it. So writes are asynchronous, a failure is logged once per outage and never reaches the caller,
 * after a failure writes are skipped for {@code retryAfter} instead of piling up against a server
 * that is away, and at most {@code maxPending} events wait for Redis at any time.
 */
final class LiveStreamWriter {

	private static final Logger log = LoggerFactory.getLogger(LiveStreamWriter.class);

	private final RedissonClient redisson;

	private final ObjectMapper json;

	private final TraceProperties.Stream props;

	private final Semaphore pending;

	private volatile long skipUntilNanos;

	private volatile boolean failing;

	LiveStreamWriter(RedissonClient redisson, ObjectMapper json, TraceProperties.Stream props) {
		this.redisson = redisson;
		this.json = json;
		this.props = props;
		this.pending = new Semaphore(props.maxPending());
	}

	/** Streams the events (one run, ascending seq) in one round trip, unless Redis is failing or backed up. */
	void write(String runId, List<RecordedEvent> events) {
		if (events.isEmpty() || (failing && System.nanoTime() - skipUntilNanos < 0)) {
			return;
		}
		if (!pending.tryAcquire(events.size())) {
			failed(new IllegalStateException(props.maxPending() + " events already wait for Redis"));
			return;
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
			batch.executeAsync().whenComplete((result, error) -> {
				pending.release(events.size());
				if (error != null) {
					failed(error);
				}
				else if (failing) {
					failing = false;
					log.info("Live run stream is back: events stream to Redis again");
				}
			});
		}
		catch (JsonProcessingException e) {
			pending.release(events.size());
			throw new IllegalStateException("Recorded event is not serialisable", e);
		}
		catch (RuntimeException e) {
			pending.release(events.size());
			failed(e);
		}
	}

	private void failed(Throwable error) {
		skipUntilNanos = System.nanoTime() + props.retryAfter().toNanos();
		if (!failing) {
			failing = true;
			log.warn("Live run stream unavailable ({}); events are recorded in PostgreSQL and gateways read them from there",
					error.toString());
		}
	}

}
