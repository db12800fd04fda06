package dev.trellis.bench;

import java.time.Duration;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.trellis.pipeline.RetrySpec;
import dev.trellis.workflows.api.FailureTypes;
import dev.trellis.workflows.api.ToolActivities;
import dev.trellis.workflows.api.ToolCall;
import dev.trellis.workflows.api.ToolResult;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;

/**
 * One tool node as a Temporal developer would call it by hand, with exactly the activity options and
 * payload Trellis's tool node uses for a node without {@code retry} or {@code timeout}: 60 s
 * start-to-close, the default retry policy with {@code NonRetryable} never retried, a summary per
 * node, and one stub per node.
 */
final class RawNodes {

	private RawNodes() {
	}

	static ToolResult call(RawRun run, String nodeId) {
		return stub(run, nodeId).execute(toolCall(run, nodeId));
	}

	static Promise<ToolResult> start(RawRun run, String nodeId) {
		return Async.function(stub(run, nodeId)::execute, toolCall(run, nodeId));
	}

	private static ToolActivities stub(RawRun run, String nodeId) {
		RetrySpec retry = RetrySpec.defaults();
		return Workflow.newActivityStub(ToolActivities.class, ActivityOptions.newBuilder()
			.setStartToCloseTimeout(Duration.ofSeconds(60))
			.setRetryOptions(RetryOptions.newBuilder()
				.setMaximumAttempts(retry.maxAttempts())
				.setInitialInterval(retry.initialInterval())
				.setBackoffCoefficient(retry.backoffCoefficient())
				.setMaximumInterval(retry.maxInterval())
				.setDoNotRetry(FailureTypes.NON_RETRYABLE)
				.build())
			.setSummary(nodeId + " · tool " + run.tool().name())
			.build());
	}

	private static ToolCall toolCall(RawRun run, String nodeId) {
		return new ToolCall(run.runId(), nodeId, run.runId() + ":" + nodeId, run.tool(),
				JsonNodeFactory.instance.objectNode());
	}

}
