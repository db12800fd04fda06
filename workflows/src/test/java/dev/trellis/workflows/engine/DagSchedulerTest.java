package dev.trellis.workflows.engine;

import static dev.trellis.workflows.engine.EngineHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.trellis.pipeline.ExecutionPlan;
import dev.trellis.pipeline.PipelineCompiler;
import dev.trellis.pipeline.PlanEdge;
import dev.trellis.workflows.api.NodeStatus;
import dev.trellis.workflows.api.PipelineRef;
import dev.trellis.workflows.api.RunSnapshot;

/** The join rule without Temporal: edges resolve as nodes end, nodes become ready or skipped. */
class DagSchedulerTest {

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	private static final String DIAMOND = """
			{'nodes': [
			  {'id': 'a', 'type': 'tool', 'tool': {'name': 't', 'version': 1}},
			  {'id': 'b', 'type': 'tool', 'tool': {'name': 't', 'version': 1}},
			  {'id': 'c', 'type': 'tool', 'tool': {'name': 't', 'version': 1}},
			  {'id': 'd', 'type': 'tool', 'tool': {'name': 't', 'version': 1}},
			  {'id': 'e', 'type': 'tool', 'tool': {'name': 't', 'version': 1}}
			 ],
			 'edges': [{'from': 'a', 'to': 'b'}, {'from': 'a', 'to': 'c'}, {'from': 'b', 'to': 'd'}, {'from': 'c', 'to': 'd'},
			           {'from': 'd', 'to': 'e'}]}
			""";

	private final RunState state = state(DIAMOND);

	private final DagScheduler scheduler = new DagScheduler(state);

	@Test
	void rootsAreReadyAtTheStart() {
		scheduler.start();

		assertThat(readyIds()).containsExactly("a");
	}

	@Test
	void joinWaitsUntilEveryIncomingEdgeIsResolved() {
		complete("a", all("a"));
		assertThat(readyIds()).containsExactly("b", "c");

		complete("b", all("b"));
		assertThat(readyIds()).isEmpty();

		complete("c", all("c"));
		assertThat(readyIds()).containsExactly("d");
	}

	@Test
	void joinRunsWhenOneBranchWasTakenAndTheOtherSkipped() {
		List<NodeState> skipped = complete("a", List.of(edge("a", "b")));

		assertThat(skipped).extracting(NodeState::id).containsExactly("c");
		assertThat(readyIds()).containsExactly("b");
		complete("b", all("b"));
		assertThat(readyIds()).containsExactly("d");
	}

	@Test
	void nodeWithNoTakenIncomingEdgeIsSkippedAndSkippingPropagates() {
		state.node("a").status = NodeStatus.FAILED;

		List<NodeState> skipped = scheduler.settle(state.node("a"), List.of(), NOW);

		assertThat(skipped).extracting(NodeState::id).containsExactly("b", "c", "d", "e");
		assertThat(state.nodes()).extracting(n -> n.status)
			.containsExactly(NodeStatus.FAILED, NodeStatus.SKIPPED, NodeStatus.SKIPPED, NodeStatus.SKIPPED,
					NodeStatus.SKIPPED);
		assertThat(readyIds()).isEmpty();
	}

	/** Ends {@code id} as COMPLETED and settles its edges, {@code taken} being the ones it took. */
	private List<NodeState> complete(String id, List<PlanEdge> taken) {
		NodeState node = state.node(id);
		node.status = NodeStatus.COMPLETED;
		return scheduler.settle(node, taken, NOW);
	}

	private List<PlanEdge> all(String from) {
		return state.plan.node(from).outgoing();
	}

	private PlanEdge edge(String from, String to) {
		return state.plan.node(from).outgoing().stream().filter(e -> e.to().equals(to)).findFirst().orElseThrow();
	}

	private List<String> readyIds() {
		List<String> ids = new ArrayList<>();
		scheduler.drainReady().forEach(n -> ids.add(n.id()));
		return ids;
	}

	private static RunState state(String definition) {
		ExecutionPlan plan = new PipelineCompiler().compile(json(definition));
		RunSnapshot snapshot = new RunSnapshot("r", new PipelineRef("p", 1), json(definition), Map.of(), json("{}"), "ana",
				Map.of());
		return new RunState(snapshot, plan, json("{}"));
	}

}
