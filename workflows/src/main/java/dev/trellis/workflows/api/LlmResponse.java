package dev.trellis.workflows.api;

import java.util.List;

/**
 * A model's reply: either a final answer ({@code content}) or tool calls to run first.
 *
 * @param usage tokens and cost of this one call
 * @param model the model name the provider reports having used
 * @param finishReason the provider's finish reason, e.g. {@code stop} or {@code tool_calls}
 */
public record LlmResponse(String content, List<ToolInvocation> toolCalls, TokenUsage usage, String model,
		String finishReason) {

	public LlmResponse {
		toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
		usage = usage == null ? TokenUsage.ZERO : usage;
	}

	public boolean hasToolCalls() {
		return !toolCalls.isEmpty();
	}

}
