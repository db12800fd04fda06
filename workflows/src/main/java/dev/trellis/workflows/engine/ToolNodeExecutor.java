package dev.trellis.workflows.engine;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.trellis.pipeline.PlanNode;
import dev.trellis.workflows.api.EntityVersion;
import dev.trellis.workflows.api.ToolActivities;
import dev.trellis.workflows.api.ToolCall;
import dev.trellis.workflows.api.ToolResult;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;

/**
 * A {@code tool} node: one {@link ToolActivities#execute} activity with the node's retry policy and
 * timeout, so Temporal retries it server-side and a crash never repeats a finished call.
 */
final class ToolNodeExecutor implements NodeExecutor {

	static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

	private final RunContext run;

	ToolNodeExecutor(RunContext run) {
		this.run = run;
	}

	@Override
	public NodeOutcome execute(NodeState state) {
		PlanNode node = state.node;
		EntityVersion tool = run.entities().get(EntityClosure.TOOLS, node.tool());
		JsonNode args = node.args() == null ? JsonNodeFactory.instance.objectNode() : node.args().render(run.values());
		ToolActivities activities = Workflow.newActivityStub(ToolActivities.class, options(node, tool));
		try {
			ToolResult result = activities.execute(new ToolCall(run.runId(), node.id(), run.runId() + ":" + node.id(),
					tool, args));
			if (result.error() != null) {
				return NodeOutcome.failed(node.id(), result.error(), result.attempt());
			}
			return NodeOutcome.completed(node.id(), result.output(), null, result.attempt());
		}
		catch (ActivityFailure e) {
			if (Failures.isCancellation(e)) {
				return NodeOutcome.cancelled(node.id());
			}
			return NodeOutcome.failed(node.id(), Failures.describe(e),
					Failures.lastAttempt(e, node.retry().maxAttempts(), 0));
		}
	}

	private static ActivityOptions options(PlanNode node, EntityVersion tool) {
		return ActivityOptions.newBuilder()
			.setStartToCloseTimeout(node.timeout() == null ? DEFAULT_TIMEOUT : node.timeout())
			.setRetryOptions(RetryPolicies.of(node.retry()))
			.setSummary(node.id() + " · tool " + tool.name())
			.build();
	}

}
