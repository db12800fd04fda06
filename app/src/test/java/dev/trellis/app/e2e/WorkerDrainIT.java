package dev.trellis.app.e2e;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.testsupport.Closer;
import dev.trellis.testsupport.TestStack;
import dev.trellis.testsupport.TrellisApi;
import dev.trellis.testsupport.TrellisProcess;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Graceful shutdown of a worker process on SIGTERM ({@code trellis.temporal.worker.drain-timeout}):
 * two tool calls are in flight when the signal arrives, one that answers within the drain time and
 * one that would take minutes. The short one finishes on the stopping worker and is never repeated;
 * the long one is handed back to Temporal and finished by the next worker; the process exits within
 * the drain time plus a margin for the rest of the JVM's shutdown.
 */
class WorkerDrainIT {

	private static final Duration DRAIN = Duration.ofSeconds(8);

	/** What the JVM needs after the drain: the web server, pools and clients closing. */
	private static final Duration SHUTDOWN_MARGIN = Duration.ofSeconds(12);

	private static final Duration WAIT = Duration.ofSeconds(120);

	private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

	private final CountDownLatch bothInFlight = new CountDownLatch(2);

	private MockWebServer stub;

	private TestStack stack;

	private final Closer closer = new Closer();

	@AfterEach
	void stop() throws Exception {
		closer.close();
	}

	@Test
	void sigtermFinishesShortActivitiesAndHandsBackLongOnesWithinTheDrainTime() throws Exception {
		stub = closer.register(new MockWebServer());
		stub.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				String kind = request.getUrl().pathSegments().get(0);
				int n = calls.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
				if (n == 1) {
					bothInFlight.countDown();
				}
				MockResponse.Builder answer = new MockResponse.Builder().addHeader("Content-Type", "application/json")
					.body("{\"kind\":\"" + kind + "\",\"call\":" + n + "}");
				if (n == 1) {
					// Long enough that the signal arrives while both calls wait; "slow" outlasts the drain.
					answer.headersDelay(kind.equals("quick") ? 3 : 60, TimeUnit.SECONDS);
				}
				return answer.build();
			}
		});
		stub.start();

		stack = closer.register(TestStack.start("drain"));
		Map<String, String> env = new HashMap<>(stack.env());
		env.put("SPRING_APPLICATION_JSON",
				"{\"trellis\":{\"tools\":{\"http\":{\"allowed-hosts\":[\"127.0.0.1\"],\"allow-private-hosts\":[\"127.0.0.1\"]}}}}");
		// The variable operators set (docker/README.md), so the test also proves it reaches the setting.
		env.put("TRELLIS_TEMPORAL_WORKER_DRAIN_TIMEOUT", DRAIN.toSeconds() + "s");
		TrellisProcess gateway = start(TrellisProcess.builder("drain-gateway").role("gateway").env(env));
		TrellisProcess worker = start(TrellisProcess.builder("drain-worker-1").role("worker").env(env));
		TrellisApi api = new TrellisApi(gateway.baseUrl(), TestStack.ADMIN_TOKEN);
		api.publish("pipelines", "drain-probe", probe(stub.getPort()));

		String quick = startRun(api, "quick");
		String slow = startRun(api, "slow");
		assertThat(bothInFlight.await(60, TimeUnit.SECONDS)).as("both calls reached the stub").isTrue();

		long signalled = System.nanoTime();
		worker.terminate();
		Duration exitedAfter = Duration.ofNanos(System.nanoTime() - signalled);
		assertThat(exitedAfter).as("worker exit after SIGTERM").isLessThan(DRAIN.plus(SHUTDOWN_MARGIN));
		assertThat(calls.get("slow")).as("the long call was not repeated before the worker left").hasValue(1);

		start(TrellisProcess.builder("drain-worker-2").role("worker").env(env));
		JsonNode quickDone = api.awaitRun(quick, Set.of("COMPLETED", "FAILED"), WAIT);
		JsonNode slowDone = api.awaitRun(slow, Set.of("COMPLETED", "FAILED"), WAIT);
		assertThat(quickDone.path("status").asText()).as(quickDone.toString()).isEqualTo("COMPLETED");
		assertThat(slowDone.path("status").asText()).as(slowDone.toString()).isEqualTo("COMPLETED");

		// Finished during the drain: reported by the stopping worker, so Temporal never retried it.
		assertThat(calls.get("quick")).hasValue(1);
		assertThat(node(quickDone, "call").path("attempt").asInt()).isEqualTo(1);
		// Handed back: the interrupted attempt was reported failed (its 300 s timeout never fired) and
		// the second attempt ran on the new worker.
		assertThat(calls.get("slow")).hasValue(2);
		assertThat(node(slowDone, "call").path("attempt").asInt()).isEqualTo(2);
		System.out.printf("WorkerDrainIT: worker exited %.1f s after SIGTERM (drain %d s)%n",
				exitedAfter.toMillis() / 1000.0, DRAIN.toSeconds());
	}

	private TrellisProcess start(TrellisProcess.Builder builder) {
		return closer.register(builder.start());
	}

	private static String startRun(TrellisApi api, String kind) {
		TrellisApi.Response started = api.post("/api/runs", Map.of("pipeline", "drain-probe", "input", Map.of("kind", kind)));
		assertThat(started.status()).as(started.body().toString()).isEqualTo(202);
		return started.body().path("runId").asText();
	}

	/**
	 * One http_request node calling the stub at {@code /<kind>}. The timeout is longer than the
	 * test waits: the slow run only completes in time if the stopping worker reported its
	 * interrupted attempt as failed (handed it back), not if Temporal had to wait for the timeout.
	 */
	private static Map<String, Object> probe(int port) {
		return Map.of("inputs", Map.of("kind", Map.of("type", "string", "required", true)), "nodes",
				List.of(Map.of("id", "call", "type", "tool", "tool", Map.of("name", "http_request", "version", 1), "args",
						Map.of("method", "GET", "url", "http://127.0.0.1:" + port + "/{{inputs.kind}}"), "timeout", "300s",
						"retry", Map.of("maxAttempts", 3, "initialInterval", "1s"))),
				"edges", List.of(), "output", "{{nodes.call.output}}");
	}

	private static JsonNode node(JsonNode run, String id) {
		for (JsonNode node : run.path("nodes")) {
			if (node.path("id").asText().equals(id)) {
				return node;
			}
		}
		throw new AssertionError("No node " + id + " in " + run);
	}

}
