package dev.trellis.workflows.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A tool call a model asked for.
 *
 * @param id the provider's call id (ties the tool's answer to the call)
 * @param name the tool name as the model wrote it; it may name no tool at all
 * @param arguments the arguments as the model wrote them: usually an object; a text node holds
 * arguments that were not valid JSON, so the tool activity can tell the model what went wrong
 */
public record ToolInvocation(String id, String name, JsonNode arguments) {
}
