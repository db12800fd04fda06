package dev.trellis.workflows.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The agent's final answer and what it cost.
 *
 * @param attempt the agent workflow's attempt ({@code Workflow.getInfo().getAttempt()}) when the node's
 * retry policy restarted it; 0 when unknown
 */
public record AgentResult(JsonNode output, int steps, TokenUsage tokens, int attempt) {

	public AgentResult(JsonNode output, int steps, TokenUsage tokens) {
		this(output, steps, tokens, 0);
	}

}
