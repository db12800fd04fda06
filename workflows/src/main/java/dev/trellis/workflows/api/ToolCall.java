package dev.trellis.workflows.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * @param callId unique per run and stable across retries (idempotency key for tools with effects)
 * @param tool the pinned tool entity (its spec says how to run it)
 * @param arguments the rendered arguments
 */
public record ToolCall(String runId, String nodeId, String callId, EntityVersion tool, JsonNode arguments) {
}
