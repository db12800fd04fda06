package dev.trellis.pipeline;

/**
 * An edge whose ends both name existing nodes, as read from the definition.
 *
 * @param index the position in {@code edges}
 * @param from the source node's position in {@code nodes}
 * @param to the target node's position in {@code nodes}
 * @param when the condition, or {@code null} when absent or unparseable (the latter reported)
 * @param declaresWhen whether the edge has a {@code when} at all, valid or not
 */
record ParsedEdge(int index, int from, int to, Condition when, boolean declaresWhen) {

	String path() {
		return "edges[" + this.index + "]";
	}

}
