package dev.trellis.pipeline;

import java.util.List;
import java.util.Map;

/**
 * A definition as read, before graph checks: usable edges only (those naming existing nodes,
 * minus self loops), and the pipeline output with its references.
 *
 * @param inputs declared inputs in declaration order
 * @param nodes every entry of {@code nodes}, by position
 * @param idToIndex the first node carrying each id
 * @param edges the usable edges in declaration order
 * @param output the output template, or {@code null}
 */
record ParsedDefinition(Map<String, InputSpec> inputs, List<ParsedNode> nodes, Map<String, Integer> idToIndex,
		List<ParsedEdge> edges, Template output) {

	ParsedNode node(int index) {
		return this.nodes.get(index);
	}

	ParsedNode node(String id) {
		Integer index = this.idToIndex.get(id);
		return (index != null) ? this.nodes.get(index) : null;
	}

}
