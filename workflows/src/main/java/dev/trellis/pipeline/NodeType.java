package dev.trellis.pipeline;

import java.util.Optional;

/**
 * The kinds of node a pipeline can contain, with the spelling the canvas writes into
 * {@code nodes[i].type}.
 *
 * <pre>{@code
 * NodeType type = NodeType.fromWire("human_review").orElseThrow(); // HUMAN_REVIEW
 * String wire = NodeType.AGENT.wireName();                           // "agent"
 * }</pre>
 */
public enum NodeType {

	/** An agent version runs its tool loop on the rendered prompt. */
	AGENT("agent"),

	/** One tool call with rendered arguments. */
	TOOL("tool"),

	/** A gate that waits for a person to approve or reject. */
	HUMAN_REVIEW("human_review"),

	/** Chooses among its outgoing edges by their conditions. */
	ROUTER("router"),

	/** A pinned pipeline version runs as a child pipeline. */
	SUBPIPELINE("subpipeline");

	private final String wireName;

	NodeType(String wireName) {
		this.wireName = wireName;
	}

	/** The spelling used in the PipelineDefinition JSON. */
	public String wireName() {
		return this.wireName;
	}

	/** The type spelled {@code wireName}, or empty for an unknown or {@code null} spelling. */
	public static Optional<NodeType> fromWire(String wireName) {
		for (NodeType type : values()) {
			if (type.wireName.equals(wireName)) {
				return Optional.of(type);
			}
		}
		return Optional.empty();
	}

}
