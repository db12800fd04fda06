package dev.trellis.gateway.runs;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.pipeline.ExecutionPlan;
import dev.trellis.pipeline.PlanEdge;
import dev.trellis.pipeline.PlanNode;

/**
 * Whether a newer pipeline version may take over recorded results: a reused node must be the same
 * node in both versions — same type, same pinned agent, tool or pipeline reference, same prompt,
 * arguments, review settings, retry and timeout (every field of its JSON but the presentational
 * {@code label} and {@code description}) — and must have the same incoming edges (same sources, same
 * conditions). Anything else could have produced a different result, so reusing it would be a lie.
 */
final class ReusedNodeCheck {

	/** Fields that never affect what a node does. */
	private static final Set<String> PRESENTATION = Set.of("label", "description");

	private ReusedNodeCheck() {
	}

	/** The first reused node (in the original plan's order) that the target version changes. */
	static Optional<Difference> firstDifference(ExecutionPlan original, ExecutionPlan target,
			Collection<String> reused) {
		for (PlanNode before : original.nodes()) {
			if (!reused.contains(before.id())) {
				continue;
			}
			PlanNode after = target.byId().get(before.id());
			if (after == null) {
				return Optional.of(new Difference(before.id(), "it no longer exists"));
			}
			Optional<String> field = firstDifferentField(before.raw(), after.raw());
			if (field.isPresent()) {
				return Optional.of(new Difference(before.id(), "its '" + field.get() + "' changed"));
			}
			if (!incoming(before).equals(incoming(after))) {
				return Optional.of(new Difference(before.id(), "its incoming edges changed"));
			}
		}
		return Optional.empty();
	}

	/** The first field, in name order, whose value differs (or that only one side has). */
	private static Optional<String> firstDifferentField(JsonNode before, JsonNode after) {
		Set<String> names = new TreeSet<>();
		before.fieldNames().forEachRemaining(names::add);
		after.fieldNames().forEachRemaining(names::add);
		names.removeAll(PRESENTATION);
		return names.stream().filter(name -> !before.path(name).equals(after.path(name))).findFirst();
	}

	/** Incoming edges as comparable text: source and condition, in a stable order. */
	private static Set<String> incoming(PlanNode node) {
		Set<String> edges = new TreeSet<>();
		for (PlanEdge edge : node.incoming()) {
			edges.add(edge.from() + " when " + (edge.when() == null ? "" : edge.when().text()));
		}
		return edges;
	}

	/** A reused node that the target version changes, and what changed about it. */
	record Difference(String nodeId, String what) {
	}

}
