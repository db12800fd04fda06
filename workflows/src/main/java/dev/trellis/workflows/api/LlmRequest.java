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
 * @param output what a final answer must satisfy; the activity reports violations in
 * {@link LlmResponse#outputProblems()}. {@link OutputRules#NONE} when the agent has no output guardrail
 * @param pii which kinds {@code maskPii} masks, and how; {@link PiiRules#ALL} by default
 */
public record LlmRequest(String runId, String nodeId, String callId, int step, EntityVersion model,
		List<ChatMessage> messages, List<ToolSpec> tools, boolean maskPii, OutputRules output, PiiRules pii) {

	public LlmRequest {
		messages = messages == null ? List.of() : List.copyOf(messages);
		tools = tools == null ? List.of() : List.copyOf(tools);
		// Requests recorded before these rules existed carry none: no output checks, every PII kind.
		output = output == null ? OutputRules.NONE : output;
		pii = pii == null ? PiiRules.ALL : pii;
	}

	/** A call whose answer is not checked (memory summaries, callers without output guardrails). */
	public LlmRequest(String runId, String nodeId, String callId, int step, EntityVersion model,
			List<ChatMessage> messages, List<ToolSpec> tools, boolean maskPii) {
		this(runId, nodeId, callId, step, model, messages, tools, maskPii, OutputRules.NONE, PiiRules.ALL);
	}

}
