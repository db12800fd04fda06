package dev.trellis.workflows.engine;

import static dev.trellis.workflows.engine.EngineHarness.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.TextNode;

import dev.trellis.workflows.api.ErrorInfo;
import dev.trellis.workflows.api.FailureTypes;
import dev.trellis.workflows.api.NodeStatus;
import dev.trellis.workflows.api.NodeView;
import dev.trellis.workflows.api.RunResult;
import dev.trellis.workflows.api.RunStatus;
import dev.trellis.workflows.api.RunView;
import dev.trellis.workflows.api.ToolResult;
import dev.trellis.workflows.api.TrellisSearchAttributes;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;

class FailureSemanticsTest {

	private final EngineHarness harness = new EngineHarness().tool("flaky").tool("broken").tool("fetch");

	@AfterEach
	void close() {
		harness.close();
	}

	@Test
	void nodeFailingTwiceIsRetriedWithBackoffAndTheRunCompletes() {
		harness.tools.behaviours.put("flaky", (call, attempt) -> {
			if (attempt < 3) {
				throw ApplicationFailure.newFailure("upstream hiccup " + attempt, FailureTypes.TOOL_FAILED);
			}
			return new ToolResult(TextNode.valueOf("finally"), null, attempt);
		});
		harness.start("retry", """
				{'nodes': [{'id': 'call', 'type': 'tool', 'tool': {'name': 'flaky', 'version': 1},
				  'retry': {'maxAttempts': 5, 'initialInterval': '1s', 'backoffCoefficient': 2.0}}],
				 'output': '{{nodes.call.output}}'}
				""");

		RunResult result = harness.result("retry");

		assertThat(result.output().asText()).isEqualTo("finally");
		NodeView call = node(harness.run("retry").state(), "call");
		assertThat(call.attempt()).isEqualTo(3);
		assertThat(call.status()).isEqualTo(NodeStatus.COMPLETED);
		assertThat(harness.tools.count("call")).isEqualTo(3);
		// Backoff: 1s before the second attempt, 2s before the third.
		assertThat(Duration.between(harness.tools.invocations.get(0).at(), harness.tools.invocations.get(1).at()))
			.isGreaterThanOrEqualTo(Duration.ofSeconds(1));
		assertThat(Duration.between(harness.tools.invocations.get(1).at(), harness.tools.invocations.get(2).at()))
			.isGreaterThanOrEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void nonRetryableErrorFailsTheRunAfterOneAttempt() {
		harness.tools.behaviours.put("broken", (call, attempt) -> {
			throw ApplicationFailure.newFailure("bad arguments", FailureTypes.NON_RETRYABLE);
		});
		harness.start("fatal", """
				{'nodes': [
				  {'id': 'call', 'type': 'tool', 'tool': {'name': 'broken', 'version': 1}, 'retry': {'maxAttempts': 5}},
				  {'id': 'after', 'type': 'tool', 'tool': {'name': 'fetch', 'version': 1}}
				 ],
				 'edges': [{'from': 'call', 'to': 'after'}]}
				""");

		assertThatThrownBy(() -> harness.result("fatal")).isInstanceOf(WorkflowFailedException.class)
			.cause()
			.isInstanceOfSatisfying(ApplicationFailure.class,
					f -> assertThat(f.getType()).isEqualTo(FailureTypes.NON_RETRYABLE));
		RunView view = harness.run("fatal").state();
		assertThat(view.status()).isEqualTo(RunStatus.FAILED);
		assertThat(view.error().message()).contains("call").contains("bad arguments");
		assertThat(node(view, "call").status()).isEqualTo(NodeStatus.FAILED);
		assertThat(node(view, "call").attempt()).isEqualTo(1);
		assertThat(node(view, "after").status()).isEqualTo(NodeStatus.SKIPPED);
		assertThat(harness.tools.count("call")).isEqualTo(1);
		assertThat(harness.events.types()).endsWith("run.failed");
		assertThat(harness.untyped("fatal").describe().getTypedSearchAttributes().get(TrellisSearchAttributes.STATUS))
			.isEqualTo("FAILED");
	}

	@Test
	void errorTypeTheNodeListsAsNonRetryableIsNotRetried() {
		harness.tools.behaviours.put("broken", (call, attempt) -> {
			throw ApplicationFailure.newFailure("quota gone", "QuotaExceeded");
		});
		harness.start("listed", """
				{'nodes': [{'id': 'call', 'type': 'tool', 'tool': {'name': 'broken', 'version': 1},
				  'retry': {'maxAttempts': 5, 'nonRetryableErrors': ['QuotaExceeded']}}]}
				""");

		assertThatThrownBy(() -> harness.result("listed")).isInstanceOf(WorkflowFailedException.class);
		assertThat(harness.tools.count("call")).isEqualTo(1);
	}

	@Test
	void exhaustedRetriesShowTheLastAttempt() {
		harness.tools.behaviours.put("broken", (call, attempt) -> {
			throw ApplicationFailure.newFailure("still down", FailureTypes.TOOL_FAILED);
		});
		harness.start("exhausted", """
				{'nodes': [{'id': 'call', 'type': 'tool', 'tool': {'name': 'broken', 'version': 1},
				  'retry': {'maxAttempts': 3, 'initialInterval': '1s'}}]}
				""");

		assertThatThrownBy(() -> harness.result("exhausted")).isInstanceOf(WorkflowFailedException.class);
		NodeView call = node(harness.run("exhausted").state(), "call");
		assertThat(call.attempt()).isEqualTo(3);
		assertThat(call.error()).isEqualTo(new ErrorInfo(FailureTypes.TOOL_FAILED, "still down", true));
	}

	@Test
	void toolThatRefusesTheCallFailsTheNode() {
		harness.tools.behaviours.put("broken",
				(call, attempt) -> new ToolResult(null, new ErrorInfo("InvalidArguments", "no url", false), attempt));
		harness.start("refused", """
				{'nodes': [{'id': 'call', 'type': 'tool', 'tool': {'name': 'broken', 'version': 1}}]}
				""");

		assertThatThrownBy(() -> harness.result("refused")).isInstanceOf(WorkflowFailedException.class);
		assertThat(node(harness.run("refused").state(), "call").error().type()).isEqualTo("InvalidArguments");
	}

	@Test
	void continueOnErrorSkipsOnlyWhatDependsOnTheFailedNode() {
		harness.tools.behaviours.put("broken", (call, attempt) -> {
			throw ApplicationFailure.newFailure("nope", FailureTypes.NON_RETRYABLE);
		});
		harness.start("tolerant", """
				{'nodes': [
				  {'id': 'optional', 'type': 'tool', 'tool': {'name': 'broken', 'version': 1}, 'continueOnError': true},
				  {'id': 'needsOptional', 'type': 'tool', 'tool': {'name': 'fetch', 'version': 1}},
				  {'id': 'independent', 'type': 'tool', 'tool': {'name': 'fetch', 'version': 1}},
				  {'id': 'join', 'type': 'tool', 'tool': {'name': 'fetch', 'version': 1},
				   'args': {'optional': '{{nodes.optional.output}}', 'independent': '{{nodes.independent.output}}'}}
				 ],
				 'edges': [{'from': 'optional', 'to': 'needsOptional'}, {'from': 'optional', 'to': 'join'},
				           {'from': 'independent', 'to': 'join'}]}
				""");

		RunResult result = harness.result("tolerant");

		RunView view = harness.run("tolerant").state();
		assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
		assertThat(node(view, "optional").status()).isEqualTo(NodeStatus.FAILED);
		assertThat(node(view, "needsOptional").status()).isEqualTo(NodeStatus.SKIPPED);
		assertThat(node(view, "join").status()).isEqualTo(NodeStatus.COMPLETED);
		assertThat(harness.tools.lastArgs("join")).isEqualTo(
				EngineHarness.json("{'optional': null, 'independent': 'independent done'}"));
	}

	@Test
	void templateReadingAMissingValueFailsTheNodeNotTheWorker() {
		harness.start("missing", """
				{'nodes': [
				  {'id': 'A', 'type': 'tool', 'tool': {'name': 'fetch', 'version': 1}},
				  {'id': 'B', 'type': 'tool', 'tool': {'name': 'fetch', 'version': 1}, 'args': {'x': '{{nodes.A.output.field}}'}}
				 ],
				 'edges': [{'from': 'A', 'to': 'B'}]}
				""");

		assertThatThrownBy(() -> harness.result("missing")).isInstanceOf(WorkflowFailedException.class);
		assertThat(node(harness.run("missing").state(), "B").error().type()).isEqualTo(FailureTypes.TEMPLATE_ERROR);
	}

	@Test
	void definitionThatDoesNotCompileFailsTheRun() {
		harness.start("invalid", "{'nodes': [{'id': 'x', 'type': 'teleport'}]}");

		assertThatThrownBy(() -> harness.result("invalid")).isInstanceOf(WorkflowFailedException.class);
		RunView view = harness.run("invalid").state();
		assertThat(view.status()).isEqualTo(RunStatus.FAILED);
		assertThat(view.error().type()).isEqualTo(FailureTypes.INVALID_PIPELINE);
		assertThat(view.error().message()).contains("nodes[0]");
	}

	@Test
	void missingPinnedEntityFailsTheNodeWithoutRetrying() {
		harness.start("unpinned", """
				{'nodes': [{'id': 'call', 'type': 'tool', 'tool': {'name': 'ghost', 'version': 7}}]}
				""");

		assertThatThrownBy(() -> harness.result("unpinned")).isInstanceOf(WorkflowFailedException.class);
		assertThat(node(harness.run("unpinned").state(), "call").error().message()).contains("tools/ghost@7");
	}

}
