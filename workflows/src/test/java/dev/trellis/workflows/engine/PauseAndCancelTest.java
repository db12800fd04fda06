package dev.trellis.workflows.engine;

import static dev.trellis.workflows.engine.EngineHarness.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.trellis.workflows.api.NodeStatus;
import dev.trellis.workflows.api.RunResult;
import dev.trellis.workflows.api.RunStatus;
import dev.trellis.workflows.api.RunView;
import dev.trellis.workflows.api.TrellisSearchAttributes;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.CanceledFailure;

class PauseAndCancelTest {

	private final EngineHarness harness = new EngineHarness().tool("fetch")
		.tool("merge")
		.agent("slow-writer", "{'sleep': 10}")
		.agent("endless", "{'sleep': 36000}");

	@AfterEach
	void close() {
		harness.close();
	}

	@Test
	void pausedRunLetsRunningBranchesFinishButStartsNothingNewUntilResumed() {
		harness.start("paused", DagSchedulingTest.DIAMOND);
		harness.awaitState("paused", v -> node(v, "B").status() == NodeStatus.RUNNING
				&& node(v, "C").status() == NodeStatus.RUNNING);

		harness.run("paused").pause("ana");
		harness.awaitState("paused", v -> v.status() == RunStatus.PAUSED);
		harness.env.sleep(Duration.ofSeconds(30));

		RunView paused = harness.awaitState("paused", v -> node(v, "B").status() == NodeStatus.COMPLETED
				&& node(v, "C").status() == NodeStatus.COMPLETED);
		assertThat(paused.status()).isEqualTo(RunStatus.PAUSED);
		assertThat(node(paused, "D").status()).isEqualTo(NodeStatus.PENDING);
		assertThat(harness.tools.count("D")).isZero();
		assertThat(searchStatus("paused")).isEqualTo("PAUSED");

		harness.run("paused").resume("ana");
		RunResult result = harness.result("paused");

		assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
		assertThat(harness.tools.count("D")).isEqualTo(1);
		assertThat(harness.events.types()).containsSubsequence("run.paused", "node.completed", "node.completed",
				"run.resumed", "node.started", "run.completed");
		assertThat(searchStatus("paused")).isEqualTo("COMPLETED");
	}

	@Test
	void cancellingARunCancelsItsRunningBranches() {
		harness.start("cancelled", """
				{'nodes': [
				  {'id': 'A', 'type': 'tool', 'tool': {'name': 'fetch', 'version': 1}},
				  {'id': 'B', 'type': 'agent', 'agent': {'name': 'endless', 'version': 1}, 'prompt': 'x'},
				  {'id': 'C', 'type': 'agent', 'agent': {'name': 'endless', 'version': 1}, 'prompt': 'y'},
				  {'id': 'D', 'type': 'tool', 'tool': {'name': 'merge', 'version': 1}}
				 ],
				 'edges': [{'from': 'A', 'to': 'B'}, {'from': 'A', 'to': 'C'}, {'from': 'B', 'to': 'D'}, {'from': 'C', 'to': 'D'}]}
				""");
		harness.awaitState("cancelled", v -> node(v, "B").status() == NodeStatus.RUNNING
				&& node(v, "C").status() == NodeStatus.RUNNING);

		harness.untyped("cancelled").cancel();

		assertThatThrownBy(() -> harness.result("cancelled")).isInstanceOf(WorkflowFailedException.class)
			.cause()
			.isInstanceOf(CanceledFailure.class);
		RunView view = harness.run("cancelled").state();
		assertThat(view.status()).isEqualTo(RunStatus.CANCELLED);
		assertThat(node(view, "A").status()).isEqualTo(NodeStatus.COMPLETED);
		assertThat(node(view, "B").status()).isEqualTo(NodeStatus.CANCELLED);
		assertThat(node(view, "C").status()).isEqualTo(NodeStatus.CANCELLED);
		assertThat(node(view, "D").status()).isEqualTo(NodeStatus.SKIPPED);
		assertThat(harness.events.types()).endsWith("run.cancelled");
		assertThat(searchStatus("cancelled")).isEqualTo("CANCELLED");
	}

	@Test
	void failingBranchCancelsTheOtherRunningBranch() {
		harness.tools.behaviours.put("merge", (call, attempt) -> {
			throw io.temporal.failure.ApplicationFailure.newFailure("boom", "NonRetryable");
		});
		harness.start("failfast", """
				{'nodes': [
				  {'id': 'long', 'type': 'agent', 'agent': {'name': 'endless', 'version': 1}, 'prompt': 'x'},
				  {'id': 'bad', 'type': 'tool', 'tool': {'name': 'merge', 'version': 1}}
				 ]}
				""");

		assertThatThrownBy(() -> harness.result("failfast")).isInstanceOf(WorkflowFailedException.class);
		RunView view = harness.run("failfast").state();
		assertThat(node(view, "bad").status()).isEqualTo(NodeStatus.FAILED);
		assertThat(node(view, "long").status()).isEqualTo(NodeStatus.CANCELLED);
	}

	private String searchStatus(String runId) {
		return harness.untyped(runId).describe().getTypedSearchAttributes().get(TrellisSearchAttributes.STATUS);
	}

}
