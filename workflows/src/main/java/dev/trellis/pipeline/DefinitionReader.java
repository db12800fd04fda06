package dev.trellis.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * Reads a whole definition into a {@link ParsedDefinition}: top-level fields, inputs, nodes,
 * edges and output. Returns {@code null} when there is no usable list of nodes, since every
 * later check would only repeat that one problem.
 */
final class DefinitionReader {

	/** Larger pipelines are refused so validation and scheduling stay fast and histories small. */
	static final int MAX_NODES = 500;

	/** See {@link #MAX_NODES}. */
	static final int MAX_EDGES = 2000;

	private static final Set<String> TOP_LEVEL = Set.of("inputs", "nodes", "edges", "output", "ui", "name",
			"description");

	private final Fields fields;

	DefinitionReader(Fields fields) {
		this.fields = fields;
	}

	ParsedDefinition read(JsonNode definition) {
		if (definition == null || !definition.isObject()) {
			this.fields.error("", "a pipeline definition must be a JSON object with 'nodes' and 'edges', not "
					+ Fields.describe(definition));
			return null;
		}
		this.fields.rejectUnknown(definition, TOP_LEVEL, "", "a pipeline definition");
		this.fields.optionalString(definition, "name", "");
		this.fields.optionalString(definition, "description", "");
		JsonNode ui = Fields.get(definition, "ui");
		if (ui != null && !ui.isObject()) {
			this.fields.error("ui", "must be an object, not " + Fields.describe(ui));
		}
		Map<String, InputSpec> inputs = new InputsReader(this.fields).read(definition);
		Template output = output(definition);
		JsonNode nodes = nodes(definition);
		JsonNode edges = edges(definition);
		if (nodes == null || edges == null) {
			return null;
		}
		NodeReader reader = new NodeReader(this.fields);
		List<ParsedNode> parsed = new ArrayList<>();
		Map<String, Integer> idToIndex = new LinkedHashMap<>();
		for (int i = 0; i < nodes.size(); i++) {
			ParsedNode node = reader.read(nodes.get(i), i);
			parsed.add(node);
			if (node.id() != null) {
				Integer first = idToIndex.putIfAbsent(node.id(), i);
				if (first != null) {
					this.fields.error(node.path() + ".id",
							"duplicate id '" + node.id() + "': nodes[" + first + "] already uses it");
				}
			}
		}
		List<ParsedEdge> usable = new EdgeReader(this.fields).read(edges, parsed, idToIndex);
		return new ParsedDefinition(inputs, List.copyOf(parsed), idToIndex, List.copyOf(usable), output);
	}

	private JsonNode nodes(JsonNode definition) {
		JsonNode nodes = Fields.get(definition, "nodes");
		if (nodes == null || !nodes.isArray()) {
			this.fields.error("nodes", "'nodes' must be a non-empty array of nodes, not "
					+ ((nodes == null) ? "missing" : Fields.describe(nodes)));
			return null;
		}
		if (nodes.isEmpty()) {
			this.fields.error("nodes", "a pipeline needs at least one node");
			return null;
		}
		if (nodes.size() > MAX_NODES) {
			this.fields.error("nodes", "too many nodes: " + nodes.size() + "; a pipeline may have at most "
					+ MAX_NODES);
			return null;
		}
		return nodes;
	}

	/** The edges array; absent means none. Returns {@code null} only when there are too many to check. */
	private JsonNode edges(JsonNode definition) {
		JsonNode edges = Fields.get(definition, "edges");
		if (edges == null) {
			return JsonNodeFactory.instance.arrayNode();
		}
		if (!edges.isArray()) {
			this.fields.error("edges", "must be an array of {\"from\": ..., \"to\": ...}, not "
					+ Fields.describe(edges));
			return JsonNodeFactory.instance.arrayNode();
		}
		if (edges.size() > MAX_EDGES) {
			this.fields.error("edges", "too many edges: " + edges.size() + "; a pipeline may have at most "
					+ MAX_EDGES);
			return null;
		}
		return edges;
	}

	private Template output(JsonNode definition) {
		String text = this.fields.optionalString(definition, "output", "");
		return (text != null) ? this.fields.template(text, "output", new ArrayList<>()) : null;
	}

}
