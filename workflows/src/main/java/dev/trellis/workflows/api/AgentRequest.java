package dev.trellis.workflows.api;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * @param agent the pinned agent entity
 * @param entities the pinned entities the agent refers to (model, prompts, tools, memory, guardrails)
 * @param prompt the rendered node prompt (the user message)
 * @param sessionId conversation memory key, from the run input's {@code sessionId}, or null
 */
public record AgentRequest(String runId, String nodeId, EntityVersion agent, Map<String, EntityVersion> entities,
		String prompt, String sessionId, JsonNode runInput) {
}
