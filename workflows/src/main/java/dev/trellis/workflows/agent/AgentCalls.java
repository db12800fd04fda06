package dev.trellis.workflows.agent;

import dev.trellis.pipeline.Durations;
import java.time.Duration;

import dev.trellis.workflows.api.EntityVersion;
import dev.trellis.workflows.api.FailureTypes;
import dev.trellis.workflows.api.LlmActivities;
import dev.trellis.workflows.api.LlmRequest;
import dev.trellis.workflows.api.LlmResponse;
import dev.trellis.workflows.api.MemoryActivities;
import dev.trellis.workflows.api.ToolActivities;
import dev.trellis.workflows.api.ToolCall;
import dev.trellis.workflows.api.ToolResult;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;

/**
 * The activities of one agent node, each stub carrying the summary the Temporal UI shows
 * ({@code research · llm call 2}, {@code research · tool calculator}) and the timeouts and retries
 * its entity asks for.
 */
final class AgentCalls {

	/**
	 * How often a running model call must heartbeat. The activity beats every 10 s
	 * ({@code trellis.llm.heartbeat-interval}), so three beats can be missed before Temporal gives
	 * up on the attempt; it is also how long a call on a crashed worker waits before its retry starts
	 * elsewhere, so it is kept short (it was 60 s: the crash test waited a minute for nothing).
	 */
	static final Duration LLM_HEARTBEAT_TIMEOUT = Duration.ofSeconds(30);

	static final Duration DEFAULT_LLM_TIMEOUT = Duration.ofMinutes(10);

	static final Duration DEFAULT_TOOL_TIMEOUT = Duration.ofSeconds(30);

	private final String nodeId;

	private final AgentSetup setup;

	AgentCalls(String nodeId, AgentSetup setup) {
		this.nodeId = nodeId;
		this.setup = setup;
	}

	/**
	 * Calls the model. A call that fails for good (after its retries, or at once for a non-retryable
	 * error) fails the node with the provider's readable message on top.
	 */
	LlmResponse chat(String summary, LlmRequest request) {
		LlmActivities llm = Workflow.newActivityStub(LlmActivities.class, ActivityOptions.newBuilder()
			.setSummary(nodeId + " · " + summary)
			.setStartToCloseTimeout(Durations.parseOr(setup.model().spec().path("timeout").asText(null),
					DEFAULT_LLM_TIMEOUT))
			.setHeartbeatTimeout(LLM_HEARTBEAT_TIMEOUT)
			.setRetryOptions(RetryOptions.newBuilder()
				.setInitialInterval(Duration.ofSeconds(1))
				.setBackoffCoefficient(2.0)
				.setMaximumInterval(Duration.ofMinutes(1))
				.setMaximumAttempts(setup.policy().llmMaxAttempts())
				.setDoNotRetry(FailureTypes.NON_RETRYABLE)
				.build())
			.build());
		try {
			return llm.chat(request);
		}
		catch (ActivityFailure f) {
			ApplicationFailure cause = applicationCause(f);
			String type = cause != null ? cause.getType() : FailureTypes.PROVIDER_UNAVAILABLE;
			String message = cause != null ? cause.getOriginalMessage() : f.getMessage();
			throw ApplicationFailure.newNonRetryableFailureWithCause(
					"Agent '" + setup.agentName() + "' " + summary + " failed: " + message, type, f);
		}
	}

	/** Runs a tool; a failure after the tool's retries comes back as an {@link ActivityFailure}. */
	ToolResult execute(ToolCall call) {
		EntityVersion tool = call.tool();
		int attempts = tool.spec().path("retry").path("maxAttempts").asInt(3);
		ToolActivities tools = Workflow.newActivityStub(ToolActivities.class, ActivityOptions.newBuilder()
			.setSummary(nodeId + " · tool " + tool.name())
			// The activity enforces the tool's own timeout; the margin covers validation and storage.
			.setStartToCloseTimeout(
					Durations.parseOr(tool.spec().path("timeout").asText(null), DEFAULT_TOOL_TIMEOUT)
						.plusSeconds(15))
			.setRetryOptions(RetryOptions.newBuilder()
				.setInitialInterval(Duration.ofSeconds(1))
				.setBackoffCoefficient(2.0)
				.setMaximumInterval(Duration.ofSeconds(30))
				.setMaximumAttempts(Math.max(1, attempts))
				.setDoNotRetry(FailureTypes.NON_RETRYABLE)
				.build())
			.build());
		return tools.execute(call);
	}

	MemoryActivities memory(String summary) {
		return Workflow.newActivityStub(MemoryActivities.class, ActivityOptions.newBuilder()
			.setSummary(nodeId + " · " + summary)
			.setStartToCloseTimeout(Duration.ofSeconds(30))
			.setRetryOptions(RetryOptions.newBuilder()
				.setInitialInterval(Duration.ofSeconds(1))
				.setMaximumInterval(Duration.ofSeconds(20))
				.setMaximumAttempts(6)
				.setDoNotRetry(FailureTypes.NON_RETRYABLE)
				.build())
			.build());
	}

	static ApplicationFailure applicationCause(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof ApplicationFailure a) {
				return a;
			}
		}
		return null;
	}

}
