package dev.trellis.workflows.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A tool as the model sees it.
 *
 * @param parameters the JSON Schema of the tool's arguments (an object schema)
 */
public record ToolSpec(String name, String description, JsonNode parameters) {
}
