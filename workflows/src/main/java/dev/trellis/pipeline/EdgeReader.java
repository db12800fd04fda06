package dev.trellis.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads {@code edges}: each must name existing nodes, appear once and not loop to its own source;
 * its {@code when} must parse. Edges failing the first three are left out of the graph so that
 * one mistake is not reported again as unreachable nodes.
 */
final class EdgeReader {

	private static final Set<String> FIELDS = Set.of("from", "to", "when", "id", "label", "description");

	private final Fields fields;

	EdgeReader(Fields fields) {
		this.fields = fields;
	}

	List<ParsedEdge> read(JsonNode edges, List<ParsedNode> nodes, Map<String, Integer> idToIndex) {
		List<ParsedEdge> usable = new ArrayList<>();
		Map<Long, Integer> seen = new HashMap<>();
		for (int i = 0; i < edges.size(); i++) {
			ParsedEdge edge = edge(edges.get(i), i, idToIndex);
			if (edge == null) {
				continue;
			}
			String names = nodes.get(edge.from()).id() + " -> " + nodes.get(edge.to()).id();
			if (edge.from() == edge.to()) {
				this.fields.error(edge.path(), "self loop " + names + ": a node cannot wait for itself (cycle: "
						+ names + ")");
				continue;
			}
			// Lookups only; the map's iteration order never reaches the output.
			Integer first = seen.putIfAbsent((long) edge.from() * nodes.size() + edge.to(), i);
			if (first != null) {
				this.fields.error(edge.path(), "duplicate edge " + names + " (same as edges[" + first + "])");
				continue;
			}
			usable.add(edge);
		}
		return usable;
	}

	private ParsedEdge edge(JsonNode edge, int index, Map<String, Integer> idToIndex) {
		String path = "edges[" + index + "]";
		if (!edge.isObject()) {
			this.fields.error(path, "an edge must be an object {\"from\": ..., \"to\": ...}, not "
					+ Fields.describe(edge));
			return null;
		}
		this.fields.rejectUnknown(edge, FIELDS, path, "an edge");
		this.fields.optionalString(edge, "id", path);
		this.fields.optionalString(edge, "label", path);
		this.fields.optionalString(edge, "description", path);
		Integer from = end(edge, "from", path, idToIndex);
		Integer to = end(edge, "to", path, idToIndex);
		JsonNode whenValue = Fields.get(edge, "when");
		Condition when = null;
		if (whenValue != null && !whenValue.isTextual()) {
			this.fields.error(path + ".when",
					"must be a condition string such as approved or nodes.a.output.score > 3, not "
					+ Fields.describe(whenValue));
		}
		else if (whenValue != null) {
			try {
				when = Condition.parse(whenValue.textValue());
			}
			catch (ConditionException ex) {
				this.fields.error(path + ".when", ex.getMessage());
			}
		}
		return (from != null && to != null) ? new ParsedEdge(index, from, to, when, whenValue != null) : null;
	}

	private Integer end(JsonNode edge, String field, String path, Map<String, Integer> idToIndex) {
		String id = this.fields.requiredString(edge, field, path);
		if (id == null) {
			return null;
		}
		Integer index = idToIndex.get(id);
		if (index == null) {
			this.fields.error(path + "." + field, "unknown node '" + id + "'");
		}
		return index;
	}

}
