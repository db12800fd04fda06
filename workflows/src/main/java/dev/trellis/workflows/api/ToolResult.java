package dev.trellis.workflows.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A tool's result. {@code error} is set when the tool refused the call (invalid arguments, denied),
 * so an agent can pass the message back to its model instead of failing the node.
 *
 * @param attempt the activity attempt that produced this result ({@code ActivityInfo.getAttempt()}),
 * so the run can show how often a retried node ran; 0 when unknown
 */
public record ToolResult(JsonNode output, ErrorInfo error, int attempt) {

	public ToolResult(JsonNode output, ErrorInfo error) {
		this(output, error, 0);
	}

}
