package dev.trellis.app.e2e;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.testsupport.Closer;
import dev.trellis.testsupport.TestStack;
import dev.trellis.testsupport.TrellisApi;
import dev.trellis.testsupport.TrellisProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The promise of the review gate on real processes: a run waits at its gate, the worker and the
 * Temporal dev server are killed with {@code kill -9} and started again, the reviewer decides through
 * the gateway's REST API, and the run completes with the decision applied — without running any
 * node before the gate a second time (LLM calls counted at the provider stub, tool calls in the
 * run's event log).
 */
class ApprovalDurabilityIT {

	private static final Duration WAIT = Duration.ofSeconds(120);

	/** What the stub model writes; the reviewer edits it into another expression for the last node. */
	private static final String DRAFT = "21*2";

	private OpenAiStub llm;

	private TestStack stack;

	private final Closer closer = new Closer();

	@AfterEach
	void stop() throws Exception {
		closer.close();
	}

	@Test
	void decisionAfterKillingWorkerAndTemporalCompletesTheRunWithoutRepeatingWork() {
		llm = closer.register(new OpenAiStub(DRAFT));
		stack = closer.register(TestStack.start("approval-durability"));
		Map<String, String> env = new HashMap<>(stack.env());
		TrellisProcess gateway = start(TrellisProcess.builder("approval-gateway").role("gateway").env(env));
		TrellisProcess worker = start(TrellisProcess.builder("approval-worker").role("worker").env(env));
		TrellisApi admin = new TrellisApi(gateway.baseUrl(), TestStack.ADMIN_TOKEN);
		TrellisApi rita = new TrellisApi(gateway.baseUrl(),
				admin.createUser("rita", List.of("reviewer"), List.of("editors")));
		publishPipeline(admin);

		TrellisApi.Response started = admin.post("/api/runs", Map.of("pipeline", "durable-review"));
		assertThat(started.status()).as(started.body().toString()).isEqualTo(202);
		String runId = started.body().path("runId").asText();
		JsonNode waiting = admin.awaitRun(runId, Set.of("WAITING_FOR_APPROVAL", "FAILED"), WAIT);
		assertThat(waiting.path("status").asText()).as(waiting.toString()).isEqualTo("WAITING_FOR_APPROVAL");
		JsonNode item = awaitPendingItem(rita, runId);
		String approvalId = item.path("approvalId").asText();
		assertThat(item.path("payload").asText()).isEqualTo(DRAFT);
		assertThat(llm.completions()).isEqualTo(1);

		worker.kill();
		stack.temporal().kill();
		stack.temporal().start();
		worker.start();

		JsonNode stillPending = awaitPendingItem(rita, runId);
		assertThat(stillPending.path("approvalId").asText()).isEqualTo(approvalId);
		// Right after its restart Temporal may still refuse calls; the gateway answers 503 until then.
		TrellisApi.Response decided = rita.postWhileUnavailable("/api/approvals/" + approvalId + "/decision",
				Map.of("decision", "edit", "output", "100+1", "comment", "use the agreed figure"), WAIT);
		assertThat(decided.status()).as(decided.body().toString()).isEqualTo(200);
		assertThat(decided.body().path("status").asText()).isEqualTo("EDITED");
		assertThat(decided.body().path("decidedBy").asText()).isEqualTo("rita");

		JsonNode done = admin.awaitRun(runId, Set.of("COMPLETED", "FAILED"), WAIT);
		assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
		assertThat(done.path("output").asDouble()).as("the edited expression reached the last node").isEqualTo(101.0);
		for (String node : List.of("calc1", "calc2", "write")) {
			assertThat(node(done, node).path("attempt").asInt()).as(node + " attempts").isEqualTo(1);
		}
		assertThat(llm.completions()).as("LLM calls at the stub").isEqualTo(1);
		List<JsonNode> events = admin.events(runId);
		assertThat(count(events, "tool.call", "calc1")).isEqualTo(1);
		assertThat(count(events, "tool.call", "calc2")).isEqualTo(1);
		assertThat(count(events, "llm.request", "write")).isEqualTo(1);
		assertThat(count(events, "tool.call", "publish")).isEqualTo(1);
		for (String node : List.of("calc1", "calc2", "write", "review")) {
			assertThat(count(events, "node.started", node)).as(node + " started").isEqualTo(1);
		}

		JsonNode audit = rita.await("/api/approvals/" + approvalId, b -> b.path("status").asText().equals("EDITED"),
				WAIT);
		assertThat(audit.path("payload").asText()).isEqualTo(DRAFT);
		assertThat(audit.path("editedOutput").asText()).isEqualTo("100+1");
		assertThat(audit.path("decidedBy").asText()).isEqualTo("rita");
		assertThat(audit.path("comment").asText()).isEqualTo("use the agreed figure");
		assertThat(audit.path("producedBy").toString()).contains("agents/durable-writer@1");
	}

	private TrellisProcess start(TrellisProcess.Builder builder) {
		return closer.register(builder.start());
	}

	/**
	 * Two calculator nodes and an agent before the gate, a calculator after it that evaluates what
	 * the review passes on.
	 */
	private void publishPipeline(TrellisApi admin) {
		admin.publish("models", "durable-stub",
				Map.of("provider", "openai", "model", "gpt-stub", "baseUrl", llm.baseUrl()));
		admin.publish("prompts", "durable-writer-system",
				Map.of("template", "Answer with one arithmetic expression."));
		admin.publish("agents", "durable-writer",
				Map.of("model", Map.of("name", "durable-stub", "version", 1), "systemPrompt",
						Map.of("name", "durable-writer-system", "version", 1), "maxSteps", 2));
		Map<String, Object> calculator = Map.of("name", "calculator", "version", 1);
		List<Map<String, Object>> nodes = List.of(
				Map.of("id", "calc1", "type", "tool", "tool", calculator, "args", Map.of("expression", "6*7")),
				Map.of("id", "calc2", "type", "tool", "tool", calculator, "args",
						Map.of("expression", "{{nodes.calc1.output}}+1")),
				Map.of("id", "write", "type", "agent", "agent", Map.of("name", "durable-writer", "version", 1),
						"prompt", "Write an expression close to {{nodes.calc2.output}}"),
				Map.of("id", "review", "type", "human_review", "title", "Approve the expression", "show",
						"{{nodes.write.output}}", "assignees", List.of("group:editors"), "allowEdit", true,
						"timeout", "72h", "onTimeout", "reject"),
				Map.of("id", "publish", "type", "tool", "tool", calculator, "args",
						Map.of("expression", "{{nodes.review.output}}")));
		List<Map<String, Object>> edges = List.of(Map.of("from", "calc1", "to", "calc2"),
				Map.of("from", "calc2", "to", "write"), Map.of("from", "write", "to", "review"),
				Map.of("from", "review", "to", "publish", "when", "approved"));
		admin.publish("pipelines", "durable-review",
				Map.of("nodes", nodes, "edges", edges, "output", "{{nodes.publish.output}}"));
	}

	private static JsonNode awaitPendingItem(TrellisApi reviewer, String runId) {
		JsonNode page = reviewer.await("/api/approvals?status=PENDING", b -> itemOf(b, runId) != null, WAIT);
		return itemOf(page, runId);
	}

	private static JsonNode itemOf(JsonNode page, String runId) {
		for (JsonNode item : page.path("items")) {
			if (item.path("runId").asText().equals(runId)) {
				return item;
			}
		}
		return null;
	}

	private static long count(List<JsonNode> events, String type, String nodeId) {
		return events.stream()
			.filter(e -> e.path("type").asText().equals(type) && e.path("nodeId").asText().equals(nodeId))
			.count();
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
