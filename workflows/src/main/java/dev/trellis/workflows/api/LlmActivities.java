package dev.trellis.workflows.api;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * One model call of an agent's loop. The provider is chosen by the pinned model entity in the
 * request; secrets it refers to are resolved inside the activity, so they never enter history.
 * Token deltas go to the run's live event stream; only the final message is returned.
 *
 * <pre>{@code
 * LlmActivities llm = Workflow.newActivityStub(LlmActivities.class, ActivityOptions.newBuilder()
 *     .setStartToCloseTimeout(Duration.ofMinutes(5))
 *     .setSummary("research · llm call 1")
 *     .build());
 * LlmResponse answer = llm.chat(new LlmRequest(runId, "research", "research:llm:1", 1, model,
 *     List.of(ChatMessage.system("You are a researcher."), ChatMessage.user("Find ...")), tools, true));
 * if (answer.hasToolCalls()) { ... }
 * }</pre>
 *
 * Failures: {@link FailureTypes#RATE_LIMITED} and {@link FailureTypes#PROVIDER_UNAVAILABLE} are
 * retryable (with the provider's {@code Retry-After} as the next delay when it sent one);
 * {@link FailureTypes#NON_RETRYABLE} means the request itself is wrong (bad key, unknown model).
 */
@ActivityInterface(namePrefix = "Llm.")
public interface LlmActivities {

	@ActivityMethod
	LlmResponse chat(LlmRequest request);

}
