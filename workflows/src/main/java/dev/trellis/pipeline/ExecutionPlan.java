package dev.trellis.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A validated pipeline ready to interpret: nodes in a stable topological order (ties broken by
 * declaration order), each with its edges, ancestors and parsed settings. Plans are immutable
 * and built only by {@link PipelineCompiler}; every query is deterministic.
 *
 * <pre>{@code
 * ExecutionPlan plan = new PipelineCompiler().compile(definition);
 * ObjectNode inputs = plan.bindInputs(runRequest.inputs());
 * for (String root : plan.roots()) { start(plan.node(root)); }
 * // when a node finishes:
 * for (PlanEdge edge : plan.takenEdges(node.id(), new ConditionContext(values, outcome))) { ... }
 * }</pre>
 *
 * @param nodes every node in topological order
 * @param byId nodes by id, iterating in topological order
 * @param roots ids of nodes without incoming edges, in declaration order
 * @param output the pipeline's output template, or {@code null}
 * @param inputs declared inputs in declaration order
 */
public record ExecutionPlan(List<PlanNode> nodes, Map<String, PlanNode> byId, List<String> roots, Template output,
		Map<String, InputSpec> inputs) {

	/** Copies the collections so the plan cannot change after compilation. */
	public ExecutionPlan {
		nodes = List.copyOf(nodes);
		byId = Collections.unmodifiableMap(new LinkedHashMap<>(byId));
		roots = List.copyOf(roots);
		inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
	}

	/**
	 * The node with {@code id}.
	 * @throws IllegalArgumentException if the plan has no such node
	 */
	public PlanNode node(String id) {
		PlanNode node = this.byId.get(id);
		if (node == null) {
			throw new IllegalArgumentException("the pipeline has no node '" + id + "'");
		}
		return node;
	}

	/** Ids of every node that transitively depends on {@code id}, in topological order. */
	public List<String> downstreamOf(String id) {
		node(id);
		List<String> downstream = new ArrayList<>();
		for (PlanNode candidate : this.nodes) {
			if (candidate.upstream().contains(id)) {
				downstream.add(candidate.id());
			}
		}
		return downstream;
	}

	/**
	 * The outgoing edges of a finished node that are taken, in declaration order: unconditional
	 * edges, edges whose condition holds, and the {@code else} edge of a router when none of its
	 * other edges holds.
	 */
	public List<PlanEdge> takenEdges(String id, ConditionContext ctx) {
		List<PlanEdge> outgoing = node(id).outgoing();
		boolean conditionHeld = false;
		List<PlanEdge> holding = new ArrayList<>();
		for (PlanEdge edge : outgoing) {
			if (edge.when() == null) {
				holding.add(edge);
			}
			else if (!edge.when().isElse() && edge.when().evaluate(ctx)) {
				holding.add(edge);
				conditionHeld = true;
			}
		}
		List<PlanEdge> taken = new ArrayList<>();
		for (PlanEdge edge : outgoing) {
			boolean otherwise = edge.when() != null && edge.when().isElse();
			if (holding.contains(edge) || (otherwise && !conditionHeld)) {
				taken.add(edge);
			}
		}
		return taken;
	}

	/**
	 * Checks a run's inputs against the declarations and applies defaults.
	 * @param supplied the inputs a run was started with; {@code null} means none
	 * @return a new object holding the supplied and defaulted inputs, in declaration order
	 * @throws PipelineValidationException listing every missing, mistyped or undeclared input
	 */
	public ObjectNode bindInputs(JsonNode supplied) {
		List<ValidationError> errors = new ArrayList<>();
		ObjectNode bound = JsonNodeFactory.instance.objectNode();
		JsonNode given = (supplied == null || supplied.isNull()) ? JsonNodeFactory.instance.objectNode() : supplied;
		if (!given.isObject()) {
			throw new PipelineValidationException(
					List.of(new ValidationError("inputs", "must be an object, not " + Fields.describe(given))));
		}
		for (Map.Entry<String, InputSpec> declared : this.inputs.entrySet()) {
			String name = declared.getKey();
			InputSpec spec = declared.getValue();
			JsonNode value = Fields.get(given, name);
			String path = Fields.path("inputs", name);
			if (value != null && !spec.accepts(value)) {
				errors.add(new ValidationError(path, "must be of type " + spec.type() + ", not "
						+ Fields.describe(value)));
			}
			else if (value != null) {
				bound.set(name, value.deepCopy());
			}
			else if (spec.defaultValue() != null) {
				bound.set(name, spec.defaultValue().deepCopy());
			}
			else if (spec.required()) {
				errors.add(new ValidationError(path, "required input is missing"));
			}
		}
		for (Map.Entry<String, JsonNode> field : given.properties()) {
			if (!this.inputs.containsKey(field.getKey())) {
				errors.add(new ValidationError(Fields.path("inputs", field.getKey()),
						"the pipeline declares no such input"));
			}
		}
		if (!errors.isEmpty()) {
			throw new PipelineValidationException(errors);
		}
		return bound;
	}

}
