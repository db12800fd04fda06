package dev.trellis.workflows.engine;

import com.fasterxml.jackson.databind.JsonNode;

import dev.trellis.workflows.api.ErrorInfo;
import dev.trellis.workflows.api.NodeStatus;
import dev.trellis.workflows.api.TokenUsage;

/**
 * How a node's execution ended, as its executor reports it to the interpreter loop.
 *
 * @param status {@code COMPLETED}, {@code FAILED} or {@code CANCELLED}
 * @param attempt the last attempt known, 0 when the executor cannot tell
 * @param reviewOutcome {@code approved} or {@code rejected} for a decided review, else null
 */
record NodeOutcome(String nodeId, NodeStatus status, JsonNode output, ErrorInfo error, TokenUsage tokens, int attempt,
		String comment, String reviewOutcome) {

	static NodeOutcome completed(String nodeId, JsonNode output, TokenUsage tokens, int attempt) {
		return new NodeOutcome(nodeId, NodeStatus.COMPLETED, output, null, tokens, attempt, null, null);
	}

	static NodeOutcome reviewed(String nodeId, JsonNode output, String comment, String reviewOutcome) {
		return new NodeOutcome(nodeId, NodeStatus.COMPLETED, output, null, null, 1, comment, reviewOutcome);
	}

	static NodeOutcome failed(String nodeId, ErrorInfo error, int attempt) {
		return new NodeOutcome(nodeId, NodeStatus.FAILED, null, error, null, attempt, null, null);
	}

	static NodeOutcome reviewFailed(String nodeId, ErrorInfo error, String comment) {
		return new NodeOutcome(nodeId, NodeStatus.FAILED, null, error, null, 1, comment, null);
	}

	static NodeOutcome cancelled(String nodeId) {
		return new NodeOutcome(nodeId, NodeStatus.CANCELLED, null, null, null, 0, null, null);
	}

}
