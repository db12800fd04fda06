package dev.trellis.activities.tools;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * Checks a tool call's arguments against the tool entity's JSON Schema (draft 2020-12 unless the
 * schema says otherwise) and says what is wrong in words a model can act on. Compiled schemas are
 * cached by their text. Schemas may not pull {@code $ref}s from the network: a tool entity must
 * never make a worker fetch URLs while validating.
 */
public class ArgumentValidator {

	private static final int MAX_CACHED = 1000;

	private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
			builder -> builder.schemaLoaders(loaders -> loaders.add(iri -> {
				String scheme = iri.getScheme();
				if ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme) || "file".equalsIgnoreCase(scheme)) {
					throw new IllegalArgumentException("remote $ref '" + iri + "' is not allowed in tool schemas");
				}
				return null;
			})));

	private final Map<String, JsonSchema> cache = new ConcurrentHashMap<>();

	/** The problems with the arguments; empty when they are valid. */
	public List<String> validate(JsonNode schema, JsonNode arguments) {
		if (arguments == null || !arguments.isObject()) {
			String given = arguments == null ? "nothing" : arguments.isTextual() ? "'" + abbreviate(arguments.asText()) + "'"
					: arguments.getNodeType().toString().toLowerCase();
			return List.of("arguments must be a JSON object, got " + given);
		}
		return problems(schema, arguments, "the tool's own parameter schema is invalid (%s); this tool cannot be "
				+ "called until its entity is fixed");
	}

	/**
	 * The problems with any JSON value (an agent's answer, say); empty when it matches. Same rules and
	 * cache as for tool arguments, so an output schema can never fetch a URL either.
	 */
	public List<String> validateValue(JsonNode schema, JsonNode value) {
		return problems(schema, value, "the output schema is invalid (%s); fix the agent or guardrail entity");
	}

	private List<String> problems(JsonNode schema, JsonNode value, String invalidSchema) {
		if (schema == null || schema.isMissingNode() || schema.isNull() || schema.isEmpty()) {
			return List.of();
		}
		JsonSchema compiled;
		try {
			String key = schema.toString();
			if (cache.size() > MAX_CACHED) {
				cache.clear();
			}
			compiled = cache.computeIfAbsent(key, k -> factory.getSchema(schema));
		}
		catch (RuntimeException e) {
			return List.of(invalidSchema.formatted(e.getMessage()));
		}
		return compiled.validate(value).stream().map(ValidationMessage::getMessage).sorted().toList();
	}

	private static String abbreviate(String s) {
		return s.length() > 200 ? s.substring(0, 200) + "…" : s;
	}

}
