package dev.trellis.trace;

import static dev.trellis.trace.TraceFixture.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import dev.trellis.temporal.WorkerContribution;
import dev.trellis.testsupport.TestRedis;
import dev.trellis.workflows.api.RunEvent;
import dev.trellis.workflows.api.RunEventActivities;
import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RStream;
import org.redisson.api.stream.StreamMessageId;
import org.redisson.client.codec.StringCodec;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class RunEventPublisherIT {

	private static TestRedis redis;

	private static TraceFixture trace;

	@BeforeAll
	static void start() {
		redis = TestRedis.dedicated();
		trace = new TraceFixture(redis.url(),
				Map.of("trellis.trace.stream.retry-after", "200ms", "trellis.trace.deltas.max-chunks", "10",
						"trellis.trace.deltas.max-delay", "50ms"));
	}

	@AfterAll
	static void stop() {
		trace.close();
		redis.close();
	}

	@Test
	void publishedEventsReachTheRunStreamAsRecordedWithATtl() throws Exception {
		String runId = "run-live";
		List<RecordedEvent> recorded = trace.publisher.publish(List.of(event(runId, "a", "run.started", null, 0),
				event(runId, "b", "node.started", "research", 1)));

		// Publishing does not wait for Redis: the entries arrive shortly after.
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (stream(runId).size() < 2 && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		List<Map<String, String>> entries = new ArrayList<>(stream(runId).range(StreamMessageId.MIN, StreamMessageId.MAX).values());
		assertThat(entries).extracting(e -> e.get(RunStreams.FIELD_SEQ)).containsExactly("1", "2");
		assertThat(entries.get(1).get(RunStreams.FIELD_EVENT)).isEqualTo(TraceFixture.JSON.writeValueAsString(recorded.get(1)));
		assertThat(stream(runId).remainTimeToLive()).isBetween(Duration.ofHours(23).toMillis(), Duration.ofHours(24).toMillis());
	}

	@Test
	void publishingKeepsRecordingWhileRedisIsDownAndStreamsAgainWhenItReturns() {
		String runId = "run-outage";
		trace.publisher.publish(event(runId, "before", "run.started", null, 0));
		redis.stop();
		try {
			long started = System.nanoTime();
			for (int i = 0; i < 20; i++) {
				trace.publisher.publish(event(runId, "during-" + i, "tool.call", "n", 1));
			}
			// Publishers never wait for Redis, failing or not.
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
		}
		finally {
			redis.start();
		}
		assertThat(trace.log.after(runId, 0, 100)).extracting(RecordedEvent::seq)
			.containsExactlyElementsOf(LongStream.rangeClosed(1, 21).boxed().toList());

		awaitStreamed(runId, "after");
		assertThat(trace.log.lastSeq(runId)).isGreaterThan(21);
	}

	@Test
	void deltaStreamMergesChunksIntoNumberedEventsWithTheSameText() {
		String runId = "run-deltas";
		List<String> chunks = IntStream.range(0, 95).mapToObj(i -> "tok" + i + " ").toList();
		try (DeltaStream deltas = trace.publisher.deltas(runId, "write", 1, "llm:act-1:1")) {
			chunks.forEach(deltas::append);
		}

		List<RecordedEvent> events = trace.log.after(runId, 0, 1000);
		assertThat(events).hasSize(10).allSatisfy(e -> {
			assertThat(e.type()).isEqualTo("llm.delta");
			assertThat(e.nodeId()).isEqualTo("write");
			assertThat(e.attempt()).isEqualTo(1);
		});
		assertThat(events).extracting(RecordedEvent::seq).containsExactlyElementsOf(LongStream.rangeClosed(1, 10).boxed().toList());
		assertThat(events.stream().map(e -> e.data().get("text").asText()).collect(Collectors.joining()))
			.isEqualTo(String.join("", chunks));
	}

	@Test
	void deltaStreamFlushesAPartialChunkAfterTheDelay() throws Exception {
		String runId = "run-deltas-timer";
		try (DeltaStream deltas = trace.publisher.deltas(runId, "write", 1, "llm:act-2:1")) {
			deltas.append("Hello");
			long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
			while (trace.log.lastSeq(runId) == 0 && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
			assertThat(trace.log.after(runId, 0, 10)).singleElement()
				.satisfies(e -> assertThat(e.data().get("text").asText()).isEqualTo("Hello"));
		}
	}

	@Test
	void theActivityRecordsIdempotentlyAndRejectsMalformedEventsForGood() {
		RunEventActivitiesImpl activity = new RunEventActivitiesImpl(trace.publisher);
		List<RunEvent> batch = List.of(event("run-activity", "run-activity:1", "run.started", null, 0),
				event("run-activity", "run-activity:2", "node.started", "a", 1));
		activity.record(batch);
		activity.record(batch);

		assertThat(trace.log.lastSeq("run-activity")).isEqualTo(2);
		assertThatThrownBy(() -> activity.record(List.of(event("run-activity", "", "run.started", null, 0))))
			.isInstanceOfSatisfying(ApplicationFailure.class, f -> assertThat(f.isNonRetryable()).isTrue());
	}

	@Test
	void workersHaveTheRecorderAsABeanAndOnTheirTemporalWorkerGatewaysDoNot() {
		ApplicationContextRunner runner = new ApplicationContextRunner()
			.withUserConfiguration(TraceWorkerConfiguration.class)
			.withBean(RunEventPublisher.class, () -> new RunEventPublisher(trace.log, trace.redisson, TraceFixture.JSON,
					TraceFixture.properties(Map.of())));

		runner.withPropertyValues("trellis.role=worker").run(context -> {
			assertThat(context).hasSingleBean(RunEventActivities.class).hasSingleBean(WorkerContribution.class);
			context.getBean(RunEventActivities.class).record(List.of(event("run-bean", "k", "tool.call", "n", 1)));
			assertThat(trace.log.lastSeq("run-bean")).isEqualTo(1);
		});
		runner.withPropertyValues("trellis.role=gateway")
			.run(context -> assertThat(context).doesNotHaveBean(RunEventActivities.class)
				.doesNotHaveBean(WorkerContribution.class));
	}

	private static RStream<String, String> stream(String runId) {
		return trace.redisson.getStream(RunStreams.key(runId), StringCodec.INSTANCE);
	}

	/** Publishes until an event reaches the stream again (the writer retries after its back-off). */
	private static void awaitStreamed(String runId, String keyPrefix) {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		for (int i = 0; System.nanoTime() < deadline; i++) {
			RecordedEvent e = trace.publisher.publish(event(runId, keyPrefix + "-" + i, "tool.call", "n", 1));
			try {
				boolean streamed = stream(runId).range(StreamMessageId.MIN, StreamMessageId.MAX)
					.values()
					.stream()
					.anyMatch(entry -> entry.get(RunStreams.FIELD_SEQ).equals(Long.toString(e.seq())));
				if (streamed) {
					return;
				}
				Thread.sleep(100);
			}
			catch (RuntimeException notYet) {
				// Redis is still starting or the client reconnecting.
			}
			catch (InterruptedException interrupted) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		throw new AssertionError("Events did not reach the stream after Redis came back");
	}

}
