package dev.trellis.workflows.engine;

import static dev.trellis.workflows.engine.EngineHarness.json;
import static dev.trellis.workflows.engine.EngineHarness.node;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.trellis.pipeline.ExecutionPlan;
import dev.trellis.pipeline.PipelineCompiler;
import dev.trellis.workflows.api.DecisionRequest;
import dev.trellis.workflows.api.NodeRecord;
import dev.trellis.workflows.api.NodeStatus;
import dev.trellis.workflows.api.NodeView;
import dev.trellis.workflows.api.RunEvent;
import dev.trellis.workflows.api.RunResult;
import dev.trellis.workflows.api.RunSnapshot;
import dev.trellis.workflows.api.RunStatus;
import dev.trellis.workflows.api.RunView;
import dev.trellis.workflows.api.ToolResult;

/**
 * Rerun from a node, as the gateway drives it: the original run's {@code state} query gives every
 * completed node's record, the nodes not downstream of the chosen node are reused, and the new run
 * must not call anything for them.
 */
class RerunFromNodeTest {

	/** a → b → c → d → e; c, d and e echo their arguments, so the output shows what flowed from b. */
	static final String FIVE_NODES = """
			{'nodes': [
			  {'id': 'a', 'type': 'tool', 'tool': {'name': 'fetch', 'version': 1}},
			  {'id': 'b', 'type': 'tool', 'tool': {'name': 'fetch', 'version': 1}, 'args': {'page': '{{nodes.a.output}}'}},
			  {'id': 'c', 'type': 'tool', 'tool': {'name': 'echo', 'version': 1}, 'args': {'notes': '{{nodes.b.output}}'}},
			  {'id': 'd', 'type': 'tool', 'tool': {'name': 'echo', 'version': 1}, 'args': {'draft': '{{nodes.c.output}}'}},
			  {'id': 'e', 'type': 'tool', 'tool': {'name': 'echo', 'version': 1}, 'args': {'final': '{{nodes.d.output}}'}}
			 ],
			 'edges': [{'from': 'a', 'to': 'b'}, {'from': 'b', 'to': 'c'}, {'from': 'c', 'to': 'd'}, {'from': 'd', 'to': 'e'}],
			 'output': '{{nodes.e.output}}'}
			""";

	/** write → review → publish when approved, revise when rejected. */
	static final String REVIEWED = """
			{'nodes': [
			  {'id': 'write', 'type': 'tool', 'tool': {'name': 'fetch', 'version': 1}},
			  {'id': 'review', 'type': 'human_review', 'title': 'Approve', 'show': '{{nodes.write.output}}',
			   'assignees': ['ana']},
			  {'id': 'publish', 'type': 'tool', 'tool': {'name': 'echo', 'version': 1}, 'args': {'body': '{{nodes.write.output}}'}},
			  {'id': 'revise', 'type': 'tool', 'tool': {'name': 'echo', 'version': 1}, 'args': {'why': '{{nodes.review.comment}}'}}
			 ],
			 'edges': [{'from': 'write', 'to': 'review'}, {'from': 'review', 'to': 'publish', 'when': 'approved'},
			           {'from': 'review', 'to': 'revise', 'when': 'rejected'}]}
			""";

	private final EngineHarness harness = new EngineHarness().tool("fetch").tool("echo");

	RerunFromNodeTest() {
		harness.tools.behaviours.put("echo", (call, attempt) -> new ToolResult(call.arguments(), null, attempt));
	}

	@AfterEach
	void close() {
		harness.close();
	}

	@Test
	void rerunFromAMiddleNodeCallsNothingForTheReusedNodes() {
		RunResult original = runToEnd("original", FIVE_NODES);
		long callsBefore = harness.tools.invocations.size();

		harness.start(rerun("rerun", FIVE_NODES, checkpoints("original", FIVE_NODES, "c", Map.of()), "original"));
		RunResult rerun = harness.result("rerun");

		assertThat(rerun.status()).isEqualTo(RunStatus.COMPLETED);
		assertThat(rerun.output()).isEqualTo(original.output());
		assertThat(harness.tools.count("a")).isEqualTo(1);
		assertThat(harness.tools.count("b")).isEqualTo(1);
		assertThat(harness.tools.invocations.subList((int) callsBefore, harness.tools.invocations.size()))
			.extracting(Stubs.ToolInvocation::nodeId)
			.containsExactly("c", "d", "e");
		RunView view = harness.run("rerun").state();
		assertThat(view.nodes()).filteredOn(NodeView::reused).extracting(NodeView::id).containsExactly("a", "b");
		assertThat(node(view, "a").output()).isEqualTo(json("'a done'"));
	}

	@Test
	void anOverriddenUpstreamOutputFlowsDownstream() {
		RunResult original = runToEnd("original", FIVE_NODES);

		Map<String, JsonNode> overrides = Map.of("b", json("'edited notes'"));
		harness.start(rerun("edited", FIVE_NODES, checkpoints("original", FIVE_NODES, "c", overrides), "original"));
		RunResult edited = harness.result("edited");

		assertThat(edited.output()).isNotEqualTo(original.output());
		assertThat(edited.output()).isEqualTo(json("{'final': {'draft': {'notes': 'edited notes'}}}"));
		assertThat(harness.tools.lastArgs("c")).isEqualTo(json("{'notes': 'edited notes'}"));
		assertThat(harness.tools.count("b")).isEqualTo(1);
	}

	@Test
	void theRerunsTraceNamesTheOriginalRunAndTheReusedNodes() {
		runToEnd("original", FIVE_NODES);

		harness.start(rerun("linked", FIVE_NODES, checkpoints("original", FIVE_NODES, "d", Map.of()), "original"));
		harness.result("linked");

		List<RunEvent> events = harness.events.recorded.stream().filter(e -> e.runId().equals("linked")).toList();
		assertThat(events).extracting(RunEvent::type).startsWith("run.started", "run.rerun_of");
		JsonNode link = events.get(1).data();
		assertThat(link.path("rerunOf").asText()).isEqualTo("original");
		assertThat(link.path("reused")).isEqualTo(json("['a', 'b', 'c']"));
		assertThat(harness.events.recorded.stream().filter(e -> e.runId().equals("original")))
			.extracting(RunEvent::type)
			.doesNotContain("run.rerun_of");
	}

	@Test
	void aDecidedReviewIsReusedWithItsOutcomeSoNobodyIsAskedAgain() {
		harness.start("reviewed", REVIEWED);
		harness.awaitState("reviewed", v -> !v.pendingApprovals().isEmpty());
		harness.run("reviewed").decide(new DecisionRequest("reviewed:review:1", "reject", null, "too short", "ana",
				List.of(), false));
		harness.result("reviewed");
		NodeView review = node(harness.run("reviewed").state(), "review");
		assertThat(review.reviewOutcome()).isEqualTo("rejected");
		assertThat(review.comment()).isEqualTo("too short");
		int opened = harness.approvals.opened.size();

		harness.start(rerun("again", REVIEWED, checkpoints("reviewed", REVIEWED, "revise", Map.of()), "reviewed"));
		harness.result("again");

		RunView view = harness.run("again").state();
		assertThat(harness.approvals.opened).hasSize(opened);
		assertThat(node(view, "review").reused()).isTrue();
		assertThat(node(view, "review").reviewOutcome()).isEqualTo("rejected");
		assertThat(node(view, "publish").status()).isEqualTo(NodeStatus.SKIPPED);
		assertThat(node(view, "revise").output()).isEqualTo(json("{'why': 'too short'}"));
	}

	private RunResult runToEnd(String runId, String definition) {
		harness.start(runId, definition);
		return harness.result(runId);
	}

	/**
	 * What the gateway reuses for a rerun from {@code fromNode}: every COMPLETED node of the original
	 * run that is neither {@code fromNode} nor downstream of it, with {@code overrides} replacing
	 * recorded outputs.
	 */
	private Map<String, NodeRecord> checkpoints(String originalRunId, String definition, String fromNode,
			Map<String, JsonNode> overrides) {
		ExecutionPlan plan = new PipelineCompiler().compile(json(definition));
		Set<String> rerun = new java.util.HashSet<>(plan.downstreamOf(fromNode));
		rerun.add(fromNode);
		Map<String, NodeRecord> reuse = new LinkedHashMap<>();
		for (NodeView n : harness.run(originalRunId).state().nodes()) {
			if (n.status() == NodeStatus.COMPLETED && !rerun.contains(n.id())) {
				reuse.put(n.id(), new NodeRecord(n.status().name(), overrides.getOrDefault(n.id(), n.output()),
						n.comment(), n.reviewOutcome()));
			}
		}
		return reuse;
	}

	private RunSnapshot rerun(String runId, String definition, Map<String, NodeRecord> reuse, String rerunOf) {
		return linked(harness.snapshot(runId, json(definition), json("{}"), reuse), rerunOf);
	}

	/** {@code snapshot} as a rerun of {@code rerunOf}. */
	static RunSnapshot linked(RunSnapshot snapshot, String rerunOf) {
		return new RunSnapshot(snapshot.runId(), snapshot.pipeline(), snapshot.definition(), snapshot.entities(),
				snapshot.input(), snapshot.startedBy(), snapshot.reuse(), rerunOf);
	}

}
