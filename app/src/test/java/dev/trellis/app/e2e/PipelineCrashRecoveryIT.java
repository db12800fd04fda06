package dev.trellis.app.e2e;

import java.time.Duration;
import java.util.ArrayList;
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
 * Durability of the interpreter on real processes: a 5-node pipeline whose third node is in flight
 * when the worker is killed with {@code kill -9}. A new worker finishes the run, and no node that
 * had completed before the kill is called again (counted at the HTTP stub the nodes call).
 */
class PipelineCrashRecoveryIT {

	private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

	private final CountDownLatch thirdNodeInFlight = new CountDownLatch(1);

	private MockWebServer stub;

	private TestStack stack;

	private final Closer closer = new Closer();

	@AfterEach
	void stop() throws Exception {
		closer.close();
	}

	@Test
	void killedWorkerNeverRepeatsACompletedNode() throws Exception {
		stub = closer.register(new MockWebServer());
		stub.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				String node = request.getUrl().pathSegments().get(1);
				int n = calls.computeIfAbsent(node, k -> new AtomicInteger()).incrementAndGet();
				if (node.equals("c") && n == 1) {
					// The first call of the third node hangs long enough for the worker to be killed under it.
					thirdNodeInFlight.countDown();
					return new MockResponse.Builder().headersDelay(60, TimeUnit.SECONDS).body("{\"node\":\"c\"}").build();
				}
				return new MockResponse.Builder().addHeader("Content-Type", "application/json")
					.body("{\"node\":\"" + node + "\"}")
					.build();
			}
		});
		stub.start();

		stack = closer.register(TestStack.start("crash"));
		Map<String, String> env = new java.util.HashMap<>(stack.env());
		env.put("SPRING_APPLICATION_JSON", "{\"trellis\":{\"tools\":{\"http\":{\"allowed-hosts\":[\"127.0.0.1\"],\"allow-private-hosts\":[\"127.0.0.1\"]}}}}");
		TrellisProcess gateway = start(TrellisProcess.builder("crash-gateway").role("gateway").env(env));
		TrellisProcess worker = start(TrellisProcess.builder("crash-worker-1").role("worker").env(env));
		TrellisApi api = new TrellisApi(gateway.baseUrl(), TestStack.ADMIN_TOKEN);

		TrellisApi.Response saved = api.post("/api/registry/pipelines",
				Map.of("name", "five-calls", "spec", fiveNodeChain(stub.getPort())));
		assertThat(saved.status()).as(saved.body().toString()).isEqualTo(201);
		TrellisApi.Response started = api.post("/api/runs", Map.of("pipeline", "five-calls"));
		assertThat(started.status()).as(started.body().toString()).isEqualTo(202);
		String runId = started.body().path("runId").asText();

		assertThat(thirdNodeInFlight.await(60, TimeUnit.SECONDS)).as("node c was called").isTrue();
		JsonNode during = api.get("/api/runs/" + runId).body();
		assertThat(nodeStatus(during, "a")).isEqualTo("COMPLETED");
		assertThat(nodeStatus(during, "b")).isEqualTo("COMPLETED");
		assertThat(nodeStatus(during, "c")).isEqualTo("RUNNING");

		worker.kill();
		start(TrellisProcess.builder("crash-worker-2").role("worker").env(env));

		JsonNode done = api.awaitRun(runId, Set.of("COMPLETED", "FAILED"), Duration.ofSeconds(120));
		assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
		assertThat(calls.get("a")).hasValue(1);
		assertThat(calls.get("b")).hasValue(1);
		assertThat(calls.get("c")).hasValue(2);
		assertThat(calls.get("d")).hasValue(1);
		assertThat(calls.get("e")).hasValue(1);
	}

	private TrellisProcess start(TrellisProcess.Builder builder) {
		return closer.register(builder.start());
	}

	private static String nodeStatus(JsonNode run, String id) {
		for (JsonNode node : run.path("nodes")) {
			if (node.path("id").asText().equals(id)) {
				return node.path("status").asText();
			}
		}
		return "absent";
	}

	/** a → b → c → d → e, each an http_request to the stub; c times out after 10 s and is retried. */
	private static Map<String, Object> fiveNodeChain(int port) {
		List<Map<String, Object>> nodes = new ArrayList<>();
		List<Map<String, Object>> edges = new ArrayList<>();
		String previous = null;
		for (String id : List.of("a", "b", "c", "d", "e")) {
			nodes.add(Map.of("id", id, "type", "tool", "tool", Map.of("name", "http_request", "version", 1), "args",
					Map.of("method", "GET", "url", "http://127.0.0.1:" + port + "/node/" + id), "timeout", "10s",
					"retry", Map.of("maxAttempts", 5, "initialInterval", "1s")));
			if (previous != null) {
				edges.add(Map.of("from", previous, "to", id));
			}
			previous = id;
		}
		return Map.of("nodes", nodes, "edges", edges);
	}

}
