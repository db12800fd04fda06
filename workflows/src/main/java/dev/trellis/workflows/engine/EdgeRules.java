package dev.trellis.workflows.engine;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.trellis.pipeline.ConditionContext;
import dev.trellis.pipeline.ExecutionPlan;
import dev.trellis.pipeline.NodeType;
import dev.trellis.pipeline.PlanEdge;
import dev.trellis.pipeline.PlanNode;
import dev.trellis.pipeline.TemplateContext;
import dev.trellis.workflows.api.NodeStatus;

/**
 * Which outgoing edges of a finished node are taken. Conditions are pure and total (see
 * {@code Condition}), so deciding them in workflow code is deterministic.
 */
final class EdgeRules {

	static final String APPROVED = "approved";

	static final String REJECTED = "rejected";

	private EdgeRules() {
	}

	/**
	 * A router's choice: the first outgoing edge, in declaration order, whose condition holds;
	 * its {@code else} edge when none does; null when it has neither.
	 */
	static PlanEdge route(PlanNode router, TemplateContext values) {
		ConditionContext ctx = new ConditionContext(values, null);
		PlanEdge otherwise = null;
		for (PlanEdge edge : router.outgoing()) {
			if (edge.when() != null && edge.when().isElse()) {
				otherwise = otherwise == null ? edge : otherwise;
			}
			else if (edge.when() == null || edge.when().evaluate(ctx)) {
				return edge;
			}
		}
		return otherwise;
	}

	/** What a router outputs: the id of the node it chose, or null when it chose none. */
	static JsonNode routeOutput(PlanEdge chosen) {
		return chosen == null ? NullNode.getInstance() : TextNode.valueOf(chosen.to());
	}

	/**
	 * The taken edges of a node that reached a terminal status. Only a COMPLETED node takes edges:
	 * a failed ({@code continueOnError}), skipped or cancelled node leaves all its edges unsatisfied.
	 * A rejected review takes only its {@code when: rejected} edges, not its unconditional ones: a
	 * rejection must never flow into the path meant for approved output.
	 */
	static List<PlanEdge> taken(ExecutionPlan plan, NodeState node, TemplateContext values) {
		if (node.status != NodeStatus.COMPLETED) {
			return List.of();
		}
		PlanNode planNode = node.node;
		if (planNode.type() == NodeType.ROUTER) {
			String target = node.output == null || !node.output.isTextual() ? null : node.output.textValue();
			return planNode.outgoing().stream().filter(e -> e.to().equals(target)).limit(1).toList();
		}
		if (planNode.type() == NodeType.HUMAN_REVIEW && REJECTED.equals(node.reviewOutcome)) {
			return rejectedEdges(planNode);
		}
		return plan.takenEdges(planNode.id(), new ConditionContext(values, node.reviewOutcome));
	}

	static List<PlanEdge> rejectedEdges(PlanNode review) {
		return review.outgoing()
			.stream()
			.filter(e -> e.when() != null && REJECTED.equals(e.when().reviewOutcome()))
			.toList();
	}

}
