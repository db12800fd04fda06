package dev.trellis.gateway.trace;

import static dev.trellis.gateway.trace.TraceGatewayTestApp.VIEWER;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.testsupport.TestRedis;
import dev.trellis.trace.RecordedEvent;
import dev.trellis.trace.RunEventPublisher;
import dev.trellis.workflows.api.RunEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Two gateway instances sharing PostgreSQL and Redis, several WebSocket clients per run, publishers
 * emitting concurrently: everyone sees the same events in the same order, once.
 */
class TraceFanoutIT {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final ObjectMapper JSON = new ObjectMapper();

	private static TraceGateways gateways;

	@BeforeAll
	static void start() {
		gateways = new TraceGateways(2, TestRedis.shared().url(),
				Map.of("trellis.gateway.trace.queue-capacity", "64", "trellis.gateway.trace.slow-client-grace", "2s",
						"test.tomcat.send-buffer", "8192"));
	}

	@AfterAll
	static void stop() {
		gateways.close();
	}

	@Test
	void clientsOnTwoInstancesReceiveTheSameEventsInTheSameOrderAsTheAudit() throws Exception {
		String runId = newRun();
		publish(runId, "backlog", 5, 0);
		try (TraceClient a = TraceClient.open(port(0), runId, VIEWER, null);
				TraceClient b = TraceClient.open(port(1), runId, VIEWER, null)) {
			awaitWatchers(runId, 1, 1);
			// Three workers emitting at once: their stream writes interleave out of seq order.
			publishConcurrently(runId, 3, 100);

			a.awaitSeq(305, WAIT);
			b.awaitSeq(305, WAIT);
			assertThat(a.snapshot().get("seq").asLong()).isEqualTo(5);
			assertThat(a.snapshot().get("run").get("runId").asText()).isEqualTo(runId);
			assertThat(b.snapshot().get("seq").asLong()).isEqualTo(5);
			assertThat(a.eventSeqs()).containsExactlyElementsOf(range(6, 305));
			assertThat(b.events()).containsExactlyElementsOf(a.events());
			assertThat(a.events()).containsExactlyElementsOf(auditJson(runId, 5));
		}
	}

	@Test
	void tabsThatJoinLateCatchUpFromTheLogAndThenFollowTheSameSequence() throws Exception {
		String runId = newRun();
		try (TraceClient first = TraceClient.open(port(0), runId, VIEWER, null)) {
			publish(runId, "early", 150, 0);
			try (TraceClient late = TraceClient.open(port(0), runId, VIEWER, 20L);
					TraceClient other = TraceClient.open(port(1), runId, VIEWER, 0L)) {
				publish(runId, "later", 150, 150);
				first.awaitSeq(300, WAIT);
				late.awaitSeq(300, WAIT);
				other.awaitSeq(300, WAIT);
				assertThat(first.eventSeqs()).containsExactlyElementsOf(range(1, 300));
				assertThat(late.eventSeqs()).containsExactlyElementsOf(range(21, 300));
				assertThat(other.events()).containsExactlyElementsOf(first.events());
			}
		}
	}

	@Test
	void reconnectingWithAfterOnAnotherInstanceLosesAndRepeatsNothing() throws Exception {
		String runId = newRun();
		TraceClient before = TraceClient.open(port(0), runId, VIEWER, null);
		CompletableFuture<Void> emitting = CompletableFuture.runAsync(() -> {
			for (int batch = 0; batch < 40; batch++) {
				publish(runId, "steady", 10, batch * 10);
				sleep(10);
			}
		});
		before.awaitSeq(60, WAIT);
		before.close();
		before.awaitClose(WAIT);
		long resumeAfter = before.eventSeqs().get(before.eventSeqs().size() - 1);

		try (TraceClient after = TraceClient.open(port(1), runId, VIEWER, resumeAfter)) {
			emitting.get();
			after.awaitSeq(400, WAIT);
			assertThat(after.snapshot().get("seq").asLong()).isEqualTo(resumeAfter);
			List<Long> all = new ArrayList<>(before.eventSeqs());
			all.addAll(after.eventSeqs());
			assertThat(all).containsExactlyElementsOf(range(1, 400));
		}
	}

	@Test
	void aSlowClientIsCutOffWithWhereToResumeWhileOthersGetEverythingPromptly() throws Exception {
		String runId = newRun();
		try (TraceClient fast = TraceClient.open(port(0), runId, VIEWER, null);
				RawTraceSocket slow = RawTraceSocket.open(port(0), "/ws/runs/" + runId + "?token=" + VIEWER, 1024)) {
			awaitWatchers(runId, 2, 0);
			Instant started = Instant.now();
			String padding = "x".repeat(1500);
			for (int batch = 0; batch < 40; batch++) {
				List<RunEvent> events = new ArrayList<>();
				for (int i = 0; i < 10; i++) {
					ObjectNode data = JSON.createObjectNode().put("text", padding);
					events.add(new RunEvent(runId, "big-" + (batch * 10 + i), "llm.delta", "write", 1, Instant.now(), data));
				}
				publisher().publish(events);
			}
			fast.awaitSeq(400, Duration.ofSeconds(10));
			Duration fastTook = Duration.between(started, Instant.now());
			// Given up on after the grace; it reads again only now, and must learn where to resume.
			awaitWatchers(runId, 1, 0);

			RawTraceSocket.Received cut = slow.drain();
			assertThat(fast.eventSeqs()).containsExactlyElementsOf(range(1, 400));
			assertThat(fastTook).isLessThan(Duration.ofSeconds(10));
			assertThat(cut.closeCode()).isEqualTo(TraceSubscriber.TOO_SLOW);
			List<Long> got = cut.texts().stream().skip(1).map(t -> read(t).get("seq").asLong()).toList();
			assertThat(got).isNotEmpty().hasSizeLessThan(400).containsExactlyElementsOf(range(1, got.size()));
			assertThat(cut.closeReason()).isEqualTo("too slow; reconnect with after=" + got.get(got.size() - 1));
			assertThat(read(cut.texts().get(0)).get("type").asText()).isEqualTo("snapshot");
		}
	}

	@Test
	void oneReaderPerInstanceAndRunThatStopsWithTheLastSocketAndIsListedInRedis() throws Exception {
		String runId = newRun();
		TraceClient a = TraceClient.open(port(0), runId, VIEWER, null);
		TraceClient b = TraceClient.open(port(0), runId, VIEWER, null);
		TraceClient c = TraceClient.open(port(1), runId, VIEWER, null);
		awaitWatchers(runId, 2, 1);
		RedissonClient redis = gateways.get(0).context().getBean(RedissonClient.class);
		await(() -> redis.getSet(RunWatchers.key(runId), StringCodec.INSTANCE).size() == 3, "three watcher entries");
		assertThat(redis.getSet(RunWatchers.key(runId), StringCodec.INSTANCE).remainTimeToLive()).isPositive();

		for (TraceClient client : List.of(a, b, c)) {
			client.close();
			client.awaitClose(WAIT);
		}
		await(() -> !gateways.get(0).feeds().follows(runId) && !gateways.get(1).feeds().follows(runId),
				"readers stopped");
		await(() -> redis.getSet(RunWatchers.key(runId), StringCodec.INSTANCE).isEmpty(), "watcher entries removed");
	}

	private static String newRun() {
		return "run-" + UUID.randomUUID();
	}

	private static int port(int instance) {
		return gateways.get(instance).port();
	}

	private static RunEventPublisher publisher() {
		return gateways.get(0).publisher();
	}

	private static void publish(String runId, String prefix, int count, int firstIndex) {
		List<RunEvent> events = new ArrayList<>();
		for (int i = firstIndex; i < firstIndex + count; i++) {
			events.add(new RunEvent(runId, prefix + "-" + i, "tool.call", "n", 1, Instant.now(),
					JSON.createObjectNode().put("i", i)));
		}
		publisher().publish(events);
	}

	/** Publishers on both instances at once, small batches, like several workers on one run. */
	private static void publishConcurrently(String runId, int threads, int perThread) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		List<CompletableFuture<Void>> done = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			RunEventPublisher publisher = gateways.get(t % 2).publisher();
			String prefix = "worker" + t;
			done.add(CompletableFuture.runAsync(() -> {
				for (int i = 0; i < perThread; i += 2) {
					publisher.publish(List.of(
							new RunEvent(runId, prefix + "-" + i, "tool.call", "n", 1, Instant.now(), JSON.createObjectNode()),
							new RunEvent(runId, prefix + "-" + (i + 1), "tool.result", "n", 1, Instant.now(),
									JSON.createObjectNode())));
				}
			}, pool));
		}
		CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get();
		pool.shutdown();
	}

	private static List<String> auditJson(String runId, long after) throws Exception {
		ObjectMapper json = gateways.get(0).context().getBean(ObjectMapper.class);
		List<String> out = new ArrayList<>();
		for (RecordedEvent e : gateways.get(0).log().after(runId, after, 10_000)) {
			out.add(json.writeValueAsString(e));
		}
		return out;
	}

	private static void awaitWatchers(String runId, int onFirst, int onSecond) {
		await(() -> gateways.get(0).feeds().watching(runId).size() == onFirst
				&& gateways.get(1).feeds().watching(runId).size() == onSecond, "sockets attached");
	}

	static void await(BooleanSupplier condition, String what) {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Timed out waiting for " + what);
			}
			sleep(20);
		}
	}

	static List<Long> range(long from, long to) {
		return LongStream.rangeClosed(from, to).boxed().toList();
	}

	private static JsonNode read(String json) {
		try {
			return JSON.readTree(json);
		}
		catch (Exception e) {
			throw new AssertionError(e);
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

}
