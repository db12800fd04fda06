package dev.trellis.pipeline;

import java.util.BitSet;
import java.util.List;
import java.util.stream.Collectors;

/** Reports cycles and nodes that no root leads to. */
final class GraphChecker {

	private final ParsedDefinition definition;

	private final PipelineGraph graph;

	private final Fields fields;

	GraphChecker(ParsedDefinition definition, PipelineGraph graph, Fields fields) {
		this.definition = definition;
		this.graph = graph;
		this.fields = fields;
	}

	void check() {
		for (List<ParsedEdge> cycle : this.graph.cycles()) {
			String names = cycle.stream().map(edge -> id(edge.from())).collect(Collectors.joining(" -> "));
			String paths = cycle.stream().map(ParsedEdge::path).collect(Collectors.joining(", "));
			this.fields.error("edges", "cycle: " + names + " -> " + id(cycle.get(0).from()) + " (" + paths
					+ "); a pipeline must not loop back on itself");
		}
		List<Integer> roots = this.graph.roots();
		if (roots.isEmpty()) {
			this.fields.error("nodes", "no root node: every node has an incoming edge, so nothing can start");
			return;
		}
		BitSet reachable = this.graph.reachableFromRoots();
		for (int i = reachable.nextClearBit(0); i < this.definition.nodes().size(); i = reachable.nextClearBit(i + 1)) {
			this.fields.error(this.definition.node(i).path(), "node '" + id(i)
					+ "' cannot be reached from any root node (a node without incoming edges): "
					+ "it is on or behind a cycle");
		}
	}

	private String id(int node) {
		return this.definition.node(node).id();
	}

}
