package dev.trellis.workflows.api;

import java.util.List;

/**
 * One model call.
 *
 * @param callId unique per run and stable across retries: keys the call's events
 * @param step the 1-based number of this call within the agent node (for events and summaries)
 * @param model the pinned model entity (provider, model name, base URL, secret reference, pricing)
 * @param messages the conversation so far, oldest first
 * @param tools the tools the model may ask for; empty for none
 * @param maskPii mask personal data before the text leaves for an external provider and unmask the
 * answer; ignored for the in-process {@code local} provider
 */
public record LlmRequest(String runId, String nodeId, String callId, int step, EntityVersion model,
		List<ChatMessage> messages, List<ToolSpec> tools, boolean maskPii) {

	public LlmRequest {
		messages = messages == null ? List.of() : List.copyOf(messages);
		tools = tools == null ? List.of() : List.copyOf(tools);
	}

}
