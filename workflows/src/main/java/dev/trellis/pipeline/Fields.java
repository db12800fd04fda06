package dev.trellis.pipeline;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads typed fields out of JSON objects, recording a {@link ValidationError} at the field's path
 * for anything missing or mistyped instead of stopping, so that one pass reports every problem.
 * Explicit JSON {@code null} counts as absent, as the canvas may write it for cleared fields.
 */
final class Fields {

	private final List<ValidationError> errors;

	Fields(List<ValidationError> errors) {
		this.errors = errors;
	}

	void error(String path, String message) {
		this.errors.add(new ValidationError(path, message));
	}

	int errorCount() {
		return this.errors.size();
	}

	/** The field's value, or {@code null} when absent or JSON null. */
	static JsonNode get(JsonNode object, String field) {
		JsonNode value = object.get(field);
		return (value == null || value.isNull()) ? null : value;
	}

	/** The path of {@code field} below {@code base}, quoting keys that are not plain names. */
	static String path(String base, String field) {
		String key = JsonTemplate.key(field);
		return (base.isEmpty() && key.startsWith(".")) ? key.substring(1) : base + key;
	}

	/** Reports every field of {@code object} not in {@code allowed}. */
	void rejectUnknown(JsonNode object, Set<String> allowed, String base, String what) {
		for (Map.Entry<String, JsonNode> field : object.properties()) {
			if (!allowed.contains(field.getKey())) {
				error(path(base, field.getKey()), "unknown field '" + field.getKey() + "' in " + what + "; allowed: "
								+ String.join(", ", allowed.stream().sorted().toList()));
			}
		}
	}

	String requiredString(JsonNode object, String field, String base) {
		JsonNode value = get(object, field);
		if (value == null) {
			error(path(base, field), "'" + field + "' is required");
			return null;
		}
		return string(value, path(base, field));
	}

	String optionalString(JsonNode object, String field, String base) {
		JsonNode value = get(object, field);
		return (value != null) ? string(value, path(base, field)) : null;
	}

	private String string(JsonNode value, String path) {
		if (!value.isTextual()) {
			error(path, "must be a string, not " + describe(value));
			return null;
		}
		return value.textValue();
	}

	boolean optionalBoolean(JsonNode object, String field, String base, boolean fallback) {
		JsonNode value = get(object, field);
		if (value == null) {
			return fallback;
		}
		if (!value.isBoolean()) {
			error(path(base, field), "must be true or false, not " + describe(value));
			return fallback;
		}
		return value.booleanValue();
	}

	/** A positive duration, or {@code null} when absent or invalid (the latter reported). */
	Duration optionalDuration(JsonNode object, String field, String base) {
		JsonNode value = get(object, field);
		if (value == null) {
			return null;
		}
		String path = path(base, field);
		if (!value.isTextual()) {
			error(path, "must be a duration string such as 30s, 5m, 72h or PT72H, not " + describe(value));
			return null;
		}
		try {
			Duration duration = Durations.parse(value.textValue());
			if (duration.isZero()) {
				error(path, "must be longer than zero");
				return null;
			}
			return duration;
		}
		catch (IllegalArgumentException ex) {
			error(path, ex.getMessage());
			return null;
		}
	}

	/** A list of non-empty strings; {@code null} when absent, and reports non-strings. */
	List<String> optionalStrings(JsonNode object, String field, String base) {
		JsonNode value = get(object, field);
		if (value == null) {
			return null;
		}
		String path = path(base, field);
		if (!value.isArray()) {
			error(path, "must be an array of strings, not " + describe(value));
			return null;
		}
		List<String> strings = new ArrayList<>();
		for (int i = 0; i < value.size(); i++) {
			JsonNode element = value.get(i);
			if (!element.isTextual() || element.textValue().isBlank()) {
				error(path + "[" + i + "]", "must be a non-empty string, not " + describe(element));
			}
			else {
				strings.add(element.textValue());
			}
		}
		return strings;
	}

	/** Parses a template, reporting a syntax error at {@code path}; records its references in {@code uses}. */
	Template template(String text, String path, List<ParsedNode.TemplateUse> uses) {
		try {
			Template template = Template.parse(text);
			uses.add(new ParsedNode.TemplateUse(path, template.references()));
			return template;
		}
		catch (TemplateException ex) {
			error(path, ex.getMessage());
			return null;
		}
	}

	/** Whether {@code value} nests deeper than {@code limit}, checked without recursion. */
	static boolean deeperThan(JsonNode value, int limit) {
		Deque<JsonNode> level = new ArrayDeque<>(List.of(value));
		for (int depth = 0; !level.isEmpty(); depth++) {
			if (depth > limit) {
				return true;
			}
			Deque<JsonNode> next = new ArrayDeque<>();
			for (JsonNode node : level) {
				if (node.isContainerNode()) {
					node.forEach(next::add);
				}
			}
			level = next;
		}
		return false;
	}

	/** Names a node type with its article for messages: "an agent node", "a tool node". */
	static String describe(NodeType type) {
		return (type == NodeType.AGENT ? "an " : "a ") + type.wireName() + " node";
	}

	/** Names a JSON value's kind for messages without echoing a possibly huge value. */
	static String describe(JsonNode value) {
		if (value == null || value.isNull()) {
			return "null";
		}
		if (value.isTextual()) {
			return value.textValue().isEmpty() ? "an empty string" : "a string";
		}
		if (value.isNumber()) {
			return "a number";
		}
		if (value.isBoolean()) {
			return "a boolean";
		}
		if (value.isArray()) {
			return "an array";
		}
		return value.isObject() ? "an object" : "a " + value.getNodeType().name().toLowerCase(Locale.ROOT);
	}

}
