package dev.trellis.pipeline;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns a definition that passed every check into an {@link ExecutionPlan}. */
final class PlanBuilder {

	private PlanBuilder() {
	}

	static ExecutionPlan build(ParsedDefinition definition, PipelineGraph graph) {
		List<Integer> order = graph.topologicalOrder();
		Map<String, PlanNode> byId = new LinkedHashMap<>();
		List<PlanNode> nodes = new ArrayList<>();
		for (int index : order) {
			PlanNode node = node(definition, graph, index, order);
			nodes.add(node);
			byId.put(node.id(), node);
		}
		List<String> roots = graph.roots().stream().map(index -> definition.node(index).id()).toList();
		return new ExecutionPlan(nodes, byId, roots, definition.output(), definition.inputs());
	}

	private static PlanNode node(ParsedDefinition definition, PipelineGraph graph, int index, List<Integer> order) {
		ParsedNode parsed = definition.node(index);
		BitSet ancestors = graph.ancestors(index);
		Set<String> upstream = new LinkedHashSet<>();
		for (int candidate : order) {
			if (ancestors.get(candidate)) {
				upstream.add(definition.node(candidate).id());
			}
		}
		return new PlanNode(index, parsed.id(), parsed.type(), edges(definition, graph.incoming(index)),
				edges(definition, graph.outgoing(index)), Collections.unmodifiableSet(upstream), parsed.retry(),
				parsed.timeout(), parsed.continueOnError(), parsed.raw().deepCopy(), parsed.agent(), parsed.tool(),
				parsed.pipeline(), parsed.prompt(), parsed.args(), parsed.review());
	}

	private static List<PlanEdge> edges(ParsedDefinition definition, List<ParsedEdge> edges) {
		return edges.stream()
			.map(edge -> new PlanEdge(edge.index(), definition.node(edge.from()).id(), definition.node(edge.to()).id(),
					edge.when()))
			.toList();
	}

}
