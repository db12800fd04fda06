package dev.trellis.activities.llm;

import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;

/**
 * Offers a tool to the model without letting Spring AI run it: Trellis runs every tool call as its
 * own Temporal activity, so internal tool execution is switched off and {@link #call} is never
 * reached.
 */
record ToolDefinitionCallback(ToolDefinition definition) implements ToolCallback {

	@Override
	public ToolDefinition getToolDefinition() {
		return definition;
	}

	@Override
	public String call(String toolInput) {
		throw new IllegalStateException("Tool '" + definition.name()
				+ "' runs as a Temporal activity, not inside the model call; internal tool execution must stay off");
	}

}
