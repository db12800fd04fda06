package dev.trellis.workflows.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The identity of a tool call for repeat detection: the tool name and its arguments in canonical
 * JSON (object keys sorted at every depth), so {@code {"a":1,"b":2}} and {@code {"b":2,"a":1}} count
 * as the same call.
 */
final class ToolCallKeys {

	private static final ObjectMapper CANONICAL = JsonMapper.builder()
		.enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
		.build();

	private ToolCallKeys() {
	}

	static String of(String tool, JsonNode arguments) {
		return tool + " " + canonical(arguments);
	}

	static String canonical(JsonNode node) {
		if (node == null || node.isNull() || node.isMissingNode()) {
			return "{}";
		}
		try {
			return CANONICAL.writeValueAsString(CANONICAL.treeToValue(node, Object.class));
		}
		catch (JsonProcessingException e) {
			return node.toString();
		}
	}

}
