package dev.trellis.workflows.engine;

import static dev.trellis.workflows.engine.EngineHarness.json;
import static dev.trellis.workflows.engine.EngineHarness.node;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.trellis.workflows.api.NodeRecord;
import dev.trellis.workflows.api.RunEvent;
import dev.trellis.workflows.api.RunResult;
import dev.trellis.workflows.api.RunStatus;
import dev.trellis.workflows.api.RunView;
import dev.trellis.workflows.api.TrellisSearchAttributes;

class ReuseAndEventsTest {

	private final EngineHarness harness = new EngineHarness().tool("fetch").agent("writer", "{}");

	@AfterEach
	void close() {
		harness.close();
	}

	static final String CHAIN = """
			{'nodes': [
			  {'id': 'research', 'type': 'agent', 'agent': {'name': 'writer', 'version': 1}, 'prompt': 'go'},
			  {'id': 'fetch', 'type': 'tool', 'tool': {'name': 'fetch', 'version': 1}, 'args': {'notes': '{{nodes.research.output}}'}},
			  {'id': 'publish', 'type': 'tool', 'tool': {'name': 'fetch', 'version': 1}, 'args': {'body': '{{nodes.fetch.output}}'}}
			 ],
			 'edges': [{'from': 'research', 'to': 'fetch'}, {'from': 'fetch', 'to': 'publish'}],
			 'output': '{{nodes.publish.output}}'}
			""";

	@Test
	void rerunReusesRecordedOutputsInsteadOfCallingAgain() {
		Map<String, NodeRecord> reuse = Map.of(
				"research", new NodeRecord("COMPLETED", json("'recorded notes'"), null, null),
				"fetch", new NodeRecord("COMPLETED", json("'recorded page'"), null, null),
				"publish", new NodeRecord("FAILED", null, null, null));
		harness.start(harness.snapshot("rerun", json(CHAIN), json("{}"), reuse));

		RunResult result = harness.result("rerun");

		RunView view = harness.run("rerun").state();
		assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
		assertThat(harness.tools.count("fetch")).isZero();
		assertThat(harness.tools.count("publish")).isEqualTo(1);
		assertThat(harness.tools.lastArgs("publish")).isEqualTo(json("{'body': 'recorded page'}"));
		assertThat(node(view, "research").reused()).isTrue();
		assertThat(node(view, "fetch").reused()).isTrue();
		assertThat(node(view, "publish").reused()).isFalse();
		assertThat(node(view, "research").tokens()).isNull();
		// No agent child was started for the reused node.
		assertThat(harness.client.fetchHistory(EngineHarness.workflowId("rerun"))
			.getEvents()
			.stream()
			.filter(e -> e.hasStartChildWorkflowExecutionInitiatedEventAttributes())
			.count()).isZero();
	}

	@Test
	void eventsAreBatchedInOrderWithDeterministicKeys() {
		harness.start("events", CHAIN);

		harness.result("events");

		List<RunEvent> events = harness.events.recorded;
		assertThat(events).extracting(RunEvent::type)
			.containsExactly("run.started", "node.started", "node.completed", "node.started", "node.completed",
					"node.started", "node.completed", "run.completed");
		assertThat(events).extracting(RunEvent::key)
			.containsExactlyElementsOf(IntStream.rangeClosed(1, events.size()).mapToObj(i -> "events:" + i).toList());
		assertThat(events.get(2).nodeId()).isEqualTo("research");
		assertThat(events.get(2).data().path("output").asText()).isEqualTo("research says go");
		assertThat(events.get(2).data().path("tokens").path("input").asLong()).isEqualTo(10);
		// One local activity per loop iteration, not one per event.
		assertThat(harness.events.batchSizes.size()).isLessThan(events.size());
	}

	@Test
	void eventLogOutageHoldsTheRunUntilTheLogIsBackAndLosesNoEvent() throws InterruptedException {
		harness.events.failing = true;
		harness.start("log-down", CHAIN);

		// Real time: the test server skips time only while the test waits for the result, and the old
		// bounded retries gave up on a batch well within this.
		Thread.sleep(3_000);

		assertThat(harness.events.recorded).isEmpty();
		assertThat(harness.tools.count("publish")).as("the interpreter waits for its events").isZero();

		harness.events.failing = false;
		RunResult result = harness.result("log-down");

		assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
		List<String> keys = harness.events.recorded.stream().map(RunEvent::key).toList();
		assertThat(keys).as("every event once, in emission order")
			.containsExactlyElementsOf(IntStream.rangeClosed(1, keys.size()).mapToObj(n -> "log-down:" + n).toList());
		assertThat(harness.events.types()).startsWith("run.started").endsWith("run.completed")
			.contains("node.completed");
	}

	@Test
	void runDescribesItselfInSearchAttributesWhenTheGatewayDidNot() {
		harness.start("described", CHAIN);

		harness.result("described");

		var attributes = harness.untyped("described").describe().getTypedSearchAttributes();
		assertThat(attributes.get(TrellisSearchAttributes.PIPELINE)).isEqualTo(EngineHarness.PIPELINE);
		assertThat(attributes.get(TrellisSearchAttributes.PIPELINE_VERSION)).isEqualTo(1L);
		assertThat(attributes.get(TrellisSearchAttributes.STARTED_BY)).isEqualTo("ana");
		assertThat(attributes.get(TrellisSearchAttributes.STATUS)).isEqualTo("COMPLETED");
	}

	@Test
	void largeOutputReferencesPassDownstreamUntouched() {
		harness.tools.behaviours.put("fetch", (call, attempt) -> new dev.trellis.workflows.api.ToolResult(
				call.nodeId().equals("fetch") ? json("{'$blobRef': 'blob-42'}") : call.arguments(), null, attempt));
		harness.start("blob", CHAIN);

		RunResult result = harness.result("blob");

		assertThat(result.output()).isEqualTo(json("{'body': {'$blobRef': 'blob-42'}}"));
		RunEvent completed = harness.events.recorded.stream()
			.filter(e -> e.type().equals("node.completed") && "fetch".equals(e.nodeId()))
			.findFirst()
			.orElseThrow();
		assertThat(completed.data().path("outputRef").asText()).isEqualTo("blob-42");
	}

}
