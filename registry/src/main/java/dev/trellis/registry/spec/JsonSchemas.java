package dev.trellis.registry.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * Checks that a value is a JSON Schema (draft 2020-12, validated against the meta-schema bundled in
 * the validator library, so nothing is fetched over the network). Remote {@code $ref}s are refused:
 * a tool's schema is evaluated on every tool call, and it must not make the worker fetch URLs.
 */
final class JsonSchemas {

	private static final JsonSchema META_SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
		.getSchema(SchemaLocation.of(SchemaId.V202012));

	private JsonSchemas() {
	}

	/**
	 * Reports at {@code path} (and below) what makes {@code schema} not a JSON Schema.
	 * @param requireObjectType whether the schema must describe an object ({@code "type": "object"}),
	 * as tool arguments must
	 */
	static void check(JsonNode schema, String path, SpecContext ctx, boolean requireObjectType) {
		if (!schema.isObject()) {
			ctx.problem(path, "must be a JSON Schema object");
			return;
		}
		// The meta-schema often rejects one value through several of its branches; one problem per
		// location is what an author can act on.
		Map<String, String> byLocation = new LinkedHashMap<>();
		for (ValidationMessage m : META_SCHEMA.validate(schema)) {
			byLocation.putIfAbsent(path + suffix(m.getInstanceLocation()), m.getError());
		}
		byLocation.forEach((location, error) -> ctx.problem(location, "is not a valid JSON Schema: " + error));
		if (requireObjectType && !"object".equals(schema.path("type").asText())) {
			ctx.problem(Fields.child(path, "type"), "must be \"object\": tool arguments are a JSON object");
		}
		for (String ref : remoteRefs(schema, path, new ArrayList<>())) {
			ctx.problem(ref, "only local references (\"#/...\") are allowed");
		}
	}

	private static String suffix(JsonNodePath location) {
		StringBuilder sb = new StringBuilder();
		for (int i = 0; i < location.getNameCount(); i++) {
			Object element = location.getElement(i);
			sb.append(element instanceof Integer index ? "[" + index + "]" : "." + element);
		}
		return sb.toString();
	}

	private static List<String> remoteRefs(JsonNode node, String path, List<String> found) {
		if (node.isObject()) {
			node.fields().forEachRemaining(field -> {
				String child = Fields.child(path, field.getKey());
				if (field.getKey().equals("$ref") && field.getValue().isTextual()
						&& !field.getValue().asText().startsWith("#")) {
					found.add(child);
				}
				remoteRefs(field.getValue(), child, found);
			});
		}
		else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				remoteRefs(node.get(i), path + "[" + i + "]", found);
			}
		}
		return found;
	}

}
