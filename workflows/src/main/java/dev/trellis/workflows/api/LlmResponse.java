package dev.trellis.workflows.api;

import java.util.List;

/**
 * A model's reply: either a final answer ({@code content}) or tool calls to run first.
 *
 * @param usage tokens and cost of this one call
 * @param model the model name the provider reports having used
 * @param finishReason the provider's finish reason, e.g. {@code stop} or {@code tool_calls}
 * @param outputProblems why a final answer breaks the request's {@link OutputRules}, in words the
 * model can act on; empty when it satisfies them (and always for tool calls)
 */
public record LlmResponse(String content, List<ToolInvocation> toolCalls, TokenUsage usage, String model,
		String finishReason, List<String> outputProblems) {

	public LlmResponse {
		toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
		usage = usage == null ? TokenUsage.ZERO : usage;
		// Responses recorded before output guardrails existed carry no problems.
		outputProblems = outputProblems == null ? List.of() : List.copyOf(outputProblems);
	}

	public LlmResponse(String content, List<ToolInvocation> toolCalls, TokenUsage usage, String model,
			String finishReason) {
		this(content, toolCalls, usage, model, finishReason, List.of());
	}

	public boolean hasToolCalls() {
		return !toolCalls.isEmpty();
	}

}
