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
 * Durability of the agent loop on real processes: an agent's first model call asks for a tool, the
 * tool runs, and the worker is killed with {@code kill -9} while the second model call is in
 * flight. A new worker finishes the run; the first model call and the tool call are not repeated.
 * Both are counted where they land: model calls at the OpenAI-compatible stub, keyed by the length
 * of the conversation they carry (2 messages for the first call, 4 for the second), and tool calls
 * at the HTTP endpoint the tool calls.
 */
class AgentCrashRecoveryIT {

	private static final Duration WAIT = Duration.ofSeconds(180);

	/** Model calls at the stub by the number of messages they carry. */
	private final Map<Integer, AtomicInteger> llmCallsByLength = new ConcurrentHashMap<>();

	private final AtomicInteger toolCalls = new AtomicInteger();

	private final CountDownLatch secondCallInFlight = new CountDownLatch(1);

	private final CountDownLatch workerReplaced = new CountDownLatch(1);

	private OpenAiStub llm;

	private MockWebServer toolEndpoint;

	private TestStack stack;

	private final Closer closer = new Closer();

	@AfterEach
	void stop() throws Exception {
		workerReplaced.countDown();
		closer.close();
	}

	@Test
	void killedWorkerNeverRepeatsAFinishedModelCallOrToolCall() throws Exception {
		toolEndpoint = closer.register(new MockWebServer());
		toolEndpoint.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				toolCalls.incrementAndGet();
				return new MockResponse.Builder().addHeader("Content-Type", "application/json")
					.body("{\"population\": 42}")
					.build();
			}
		});
		toolEndpoint.start();
		String toolUrl = "http://127.0.0.1:" + toolEndpoint.getPort() + "/population";
		llm = closer.register(new OpenAiStub(body -> reply(body, toolUrl)));

		stack = closer.register(TestStack.start("agent-crash"));
		Map<String, String> env = new HashMap<>(stack.env());
		env.put("SPRING_APPLICATION_JSON", "{\"trellis\":{\"tools\":{\"http\":{\"allowed-hosts\":[\"127.0.0.1\"],"
				+ "\"allow-private-hosts\":[\"127.0.0.1\"]}}}}");
		long began = System.nanoTime();
		TrellisProcess gateway = start(TrellisProcess.builder("agent-crash-gateway").role("gateway").env(env));
		TrellisProcess worker = start(TrellisProcess.builder("agent-crash-worker-1").role("worker").env(env));
		TrellisApi api = new TrellisApi(gateway.baseUrl(), TestStack.ADMIN_TOKEN);
		publishPipeline(api);

		TrellisApi.Response started = api.post("/api/runs", Map.of("pipeline", "agent-crash"));
		assertThat(started.status()).as(started.body().toString()).isEqualTo(202);
		String runId = started.body().path("runId").asText();
		assertThat(secondCallInFlight.await(120, TimeUnit.SECONDS)).as("the second model call reached the stub")
			.isTrue();
		assertThat(toolCalls).as("the tool ran before the second model call").hasValue(1);

		long killedAt = System.nanoTime();
		worker.kill();
		start(TrellisProcess.builder("agent-crash-worker-2").role("worker").env(env));
		workerReplaced.countDown();

		JsonNode done = api.awaitRun(runId, Set.of("COMPLETED", "FAILED"), WAIT);
		long finished = System.nanoTime();
		System.out.printf("AgentCrashRecoveryIT: model calls by conversation length %s, tool calls %d, "
				+ "run finished %d s after the kill, %d s in all%n", llmCallsByLength, toolCalls.get(),
				TimeUnit.NANOSECONDS.toSeconds(finished - killedAt), TimeUnit.NANOSECONDS.toSeconds(finished - began));
		assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
		assertThat(done.path("output").asText()).isEqualTo("About 42 people live there.");
		assertThat(count(1 + 1)).as("first model call (system + task)").isEqualTo(1);
		assertThat(count(1 + 1 + 2)).as("second model call: killed once, then answered").isEqualTo(2);
		assertThat(llmCallsByLength.keySet()).containsExactlyInAnyOrder(2, 4);
		assertThat(toolCalls).as("tool calls at the endpoint").hasValue(1);
	}

	/**
	 * The model's script. The first call asks for the tool; the first attempt of the second call
	 * blocks until a new worker has replaced the killed one (its reply then goes nowhere), and the
	 * retry on the new worker gets the answer.
	 */
	private MockResponse reply(JsonNode body, String toolUrl) {
		int length = body.path("messages").size();
		int n = llmCallsByLength.computeIfAbsent(length, k -> new AtomicInteger()).incrementAndGet();
		if (length == 2) {
			return OpenAiStub.toolCall("call_1", "http_request",
					"{\"method\": \"GET\", \"url\": \"" + toolUrl + "\"}");
		}
		if (n == 1) {
			secondCallInFlight.countDown();
			await(workerReplaced);
		}
		return OpenAiStub.text("About 42 people live there.");
	}

	private int count(int conversationLength) {
		AtomicInteger n = llmCallsByLength.get(conversationLength);
		return n == null ? 0 : n.get();
	}

	private void publishPipeline(TrellisApi api) {
		publish(api, "models", "crash-stub", Map.of("provider", "openai", "model", "gpt-stub", "baseUrl", llm.baseUrl()));
		publish(api, "prompts", "crash-system", Map.of("template", "Look facts up with your tools."));
		publish(api, "agents", "crash-researcher",
				Map.of("model", Map.of("name", "crash-stub", "version", 1), "systemPrompt",
						Map.of("name", "crash-system", "version", 1), "tools",
						List.of(Map.of("name", "http_request", "version", 1)), "maxSteps", 4));
		publish(api, "pipelines", "agent-crash",
				Map.of("nodes",
						List.of(Map.of("id", "research", "type", "agent", "agent",
								Map.of("name", "crash-researcher", "version", 1), "prompt",
								"How many people live in the village?")),
						"edges", List.of(), "output", "{{nodes.research.output}}"));
	}

	private static void publish(TrellisApi api, String kind, String name, Map<String, Object> spec) {
		TrellisApi.Response saved = api.post("/api/registry/" + kind, Map.of("name", name, "spec", spec));
		assertThat(saved.status()).as(kind + "/" + name + ": " + saved.body()).isIn(200, 201);
	}

	private TrellisProcess start(TrellisProcess.Builder builder) {
		return closer.register(builder.start());
	}

	private static void await(CountDownLatch latch) {
		try {
			if (!latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
				throw new IllegalStateException("the worker was not replaced in time");
			}
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

}
