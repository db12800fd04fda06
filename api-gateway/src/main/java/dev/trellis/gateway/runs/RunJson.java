package dev.trellis.gateway.runs;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.workflows.api.ErrorInfo;
import dev.trellis.workflows.api.NodeView;
import dev.trellis.workflows.api.PendingApproval;
import dev.trellis.workflows.api.RunView;
import dev.trellis.workflows.api.TokenUsage;

/**
 * The body of {@code GET /api/runs/{id}} (API.md), built from the workflow's authoritative
 * {@link RunView}. Field names are the public contract; add, never rename.
 */
public record RunJson(String runId, String workflowId, Map<String, Object> pipeline, String status, Instant startedAt,
		Instant endedAt, String startedBy, JsonNode input, JsonNode output, ErrorInfo error, List<Node> nodes,
		List<PendingApproval> pendingApprovals, Tokens tokens, double costUsd, String rerunOf, Links links) {

	/** One node: status, attempt, timing, output, error, tokens. */
	public record Node(String id, String type, String status, int attempt, Instant startedAt, Instant endedAt,
			JsonNode output, ErrorInfo error, Tokens tokens, double costUsd, String comment, boolean reused) {
	}

	public record Tokens(long input, long output) {

		static Tokens of(TokenUsage usage) {
			return usage == null ? new Tokens(0, 0) : new Tokens(usage.input(), usage.output());
		}

	}

	/** Where to follow the run: this resource, its live trace socket and the workflow in the Temporal UI. */
	public record Links(String self, String trace, String temporalUi) {
	}

	static RunJson of(RunView view, String workflowId, String rerunOf, Links links) {
		List<Node> nodes = view.nodes()
			.stream()
			.map(RunJson::node)
			.toList();
		TokenUsage tokens = view.tokens() == null ? TokenUsage.ZERO : view.tokens();
		return new RunJson(view.runId(), workflowId,
				Map.of("name", view.pipeline().name(), "version", view.pipeline().version()), view.status().name(),
				view.startedAt(), view.endedAt(), view.startedBy(), view.input(), view.output(), view.error(), nodes,
				view.pendingApprovals(), Tokens.of(tokens), tokens.costUsd(), rerunOf, links);
	}

	private static Node node(NodeView n) {
		TokenUsage usage = n.tokens() == null ? TokenUsage.ZERO : n.tokens();
		return new Node(n.id(), n.type(), n.status().name(), n.attempt(), n.startedAt(), n.endedAt(), n.output(),
				n.error(), Tokens.of(usage), usage.costUsd(), n.comment(), n.reused());
	}

}
