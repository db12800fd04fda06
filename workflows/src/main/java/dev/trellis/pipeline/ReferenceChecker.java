package dev.trellis.pipeline;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Checks what templates and conditions may read, and which conditions suit which edges:
 * inputs must be declared; a node may read only its transitive ancestors; a condition may read
 * its edge's source and that node's ancestors; only reviews have comments and decisions; only
 * routers have {@code else}.
 */
final class ReferenceChecker {

	private final ParsedDefinition definition;

	private final PipelineGraph graph;

	private final Fields fields;

	ReferenceChecker(ParsedDefinition definition, PipelineGraph graph, Fields fields) {
		this.definition = definition;
		this.graph = graph;
		this.fields = fields;
	}

	void check() {
		for (ParsedNode node : this.definition.nodes()) {
			BitSet readable = this.graph.ancestors(node.index());
			for (ParsedNode.TemplateUse use : node.uses()) {
				for (TemplateRef ref : use.references()) {
					check(ref, use.path(), readable, (node.id() != null) ? "node '" + node.id() + "'" : node.path());
				}
			}
		}
		// Lookups only; the map's iteration order never reaches the output.
		Map<Integer, ParsedEdge> elseByRouter = new HashMap<>();
		for (ParsedEdge edge : this.definition.edges()) {
			checkCondition(edge, elseByRouter);
		}
		if (this.definition.output() != null) {
			BitSet all = new BitSet();
			all.set(0, this.definition.nodes().size());
			for (TemplateRef ref : this.definition.output().references()) {
				check(ref, "output", all, "the pipeline output");
			}
		}
	}

	private void checkCondition(ParsedEdge edge, Map<Integer, ParsedEdge> elseByRouter) {
		ParsedNode source = this.definition.node(edge.from());
		Condition when = edge.when();
		String path = edge.path() + ".when";
		if (source.type() != null) {
			checkConditionKind(edge, source, path, elseByRouter);
		}
		if (when != null && when.isExpression()) {
			BitSet readable = this.graph.ancestors(edge.from());
			readable.set(edge.from());
			for (TemplateRef ref : when.references()) {
				check(ref, path, readable, "the condition on " + edge.path());
			}
		}
	}

	private void checkConditionKind(ParsedEdge edge, ParsedNode source, String path,
			Map<Integer, ParsedEdge> elseByRouter) {
		Condition when = edge.when();
		String what = "'" + source.id() + "' is " + Fields.describe(source.type());
		if (source.type() == NodeType.HUMAN_REVIEW) {
			if (when != null && !when.isReviewOutcome()) {
				this.fields.error(path, "an edge leaving human_review node '" + source.id()
						+ "' takes 'approved', 'rejected' or no condition");
			}
		}
		else if (when != null && when.isReviewOutcome()) {
			this.fields.error(path,
					"'" + when.reviewOutcome() + "' can only be used on edges leaving a human_review node; " + what);
		}
		else if (source.type() == NodeType.ROUTER) {
			if (!edge.declaresWhen()) {
				this.fields.error(path, "an edge leaving router '" + source.id()
						+ "' needs a condition: an expression, or else for when no other edge matches");
			}
			else if (when != null && when.isElse()) {
				ParsedEdge first = elseByRouter.putIfAbsent(edge.from(), edge);
				if (first != null) {
					this.fields.error(path, "router '" + source.id() + "' already has an else edge (" + first.path()
							+ ")");
				}
			}
		}
		else if (when != null && when.isElse()) {
			this.fields.error(path, "'" + when.text().strip() + "' can only be used on edges leaving a router; "
					+ what);
		}
	}

	/** Checks one reference made by {@code reader}, which may read the nodes in {@code readable}. */
	private void check(TemplateRef ref, String path, BitSet readable, String reader) {
		if (ref.isInput()) {
			if (!this.definition.inputs().containsKey(ref.inputName())) {
				this.fields.error(path, "input '" + ref.inputName() + "' is not declared; add it under \"inputs\", "
						+ "for example \"inputs\": {\"" + ref.inputName() + "\": {\"type\": \"string\"}}");
			}
			return;
		}
		ParsedNode target = this.definition.node(ref.nodeId());
		if (target == null) {
			this.fields.error(path, "{{" + ref.expression() + "}} names unknown node '" + ref.nodeId() + "'");
			return;
		}
		if (ref.isComment() && target.type() != null && target.type() != NodeType.HUMAN_REVIEW) {
			this.fields.error(path, "only human_review nodes have a comment; '" + target.id() + "' is "
					+ Fields.describe(target.type()));
		}
		if (!readable.get(target.index())) {
			this.fields.error(path, reader + " reads {{" + ref.expression() + "}} but '" + target.id()
					+ "' is not upstream of it; add edges so that '" + target.id() + "' finishes first");
		}
	}

}
