package dev.trellis.registry.spec;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.pipeline.Durations;
import dev.trellis.registry.Kind;

/**
 * A JSON object under validation at a known path. Creating one reports a non-object value and every
 * field outside the allowed set; the typed getters report a wrong type or range at the field's path
 * and return null, so a checker can go on and report every problem in one answer. Absent and
 * {@code null} fields read as null; {@code null} ones are removed, so {@code {"memory": null}} is
 * stored (and digested) as {@code {}}.
 *
 * <pre>{@code
 * Fields model = Fields.of(spec, "", ctx, Set.of("provider", "model", "temperature"));
 * model.require("provider", "model");
 * BigDecimal t = model.number("temperature", BigDecimal.ZERO, BigDecimal.TWO); // problem at spec.temperature
 * }</pre>
 */
final class Fields {

	private final ObjectNode node;

	private final String path;

	private final SpecContext ctx;

	private Fields(ObjectNode node, String path, SpecContext ctx) {
		this.node = node;
		this.path = path;
		this.ctx = ctx;
	}

	/**
	 * Views {@code value} as an object allowing only {@code allowed} fields.
	 * @return null (with a problem recorded) when {@code value} is not an object
	 */
	static Fields of(JsonNode value, String path, SpecContext ctx, Set<String> allowed) {
		if (!(value instanceof ObjectNode object)) {
			ctx.problem(path, "must be an object");
			return null;
		}
		for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
			Map.Entry<String, JsonNode> field = it.next();
			if (field.getValue().isNull()) {
				it.remove();
			}
			else if (!allowed.contains(field.getKey())) {
				ctx.problem(child(path, field.getKey()), "unknown field '" + field.getKey() + "'; allowed fields are "
						+ String.join(", ", new TreeSet<>(allowed)));
			}
		}
		return new Fields(object, path, ctx);
	}

	static String child(String path, String field) {
		return path.isEmpty() ? field : path + "." + field;
	}

	static boolean isInteger(JsonNode value) {
		return value.isNumber() && value.decimalValue().stripTrailingZeros().scale() <= 0;
	}

	ObjectNode node() {
		return node;
	}

	SpecContext context() {
		return ctx;
	}

	/** The path of {@code field} in this object. */
	String at(String field) {
		return child(path, field);
	}

	boolean has(String field) {
		return node.hasNonNull(field);
	}

	JsonNode get(String field) {
		return node.get(field);
	}

	/** Reports each of {@code fields} that is absent. */
	void require(String... fields) {
		for (String field : fields) {
			if (!has(field)) {
				ctx.problem(at(field), "is required");
			}
		}
	}

	/** A non-blank string, or null. */
	String text(String field) {
		JsonNode value = node.get(field);
		if (value == null) {
			return null;
		}
		if (!value.isTextual() || value.asText().isBlank()) {
			ctx.problem(at(field), "must be a non-empty string");
			return null;
		}
		return value.asText();
	}

	/** One of {@code values}, or null. */
	String oneOf(String field, Set<String> values) {
		String text = text(field);
		if (text != null && !values.contains(text)) {
			ctx.problem(at(field), "must be one of " + String.join(", ", new TreeSet<>(values)) + "; got '" + text + "'");
			return null;
		}
		return text;
	}

	/** A number in {@code [min, max]} ({@code max} null for no upper bound), or null. */
	BigDecimal number(String field, BigDecimal min, BigDecimal max) {
		JsonNode value = node.get(field);
		if (value == null) {
			return null;
		}
		if (!value.isNumber()) {
			ctx.problem(at(field), "must be a number");
			return null;
		}
		BigDecimal number = value.decimalValue();
		if (number.compareTo(min) < 0 || (max != null && number.compareTo(max) > 0)) {
			ctx.problem(at(field), max == null ? "must be at least " + min.toPlainString()
					: "must be between " + min.toPlainString() + " and " + max.toPlainString());
			return null;
		}
		return number;
	}

	/** An integer in {@code [min, max]}, or null. */
	Integer integer(String field, int min, int max) {
		JsonNode value = node.get(field);
		if (value == null) {
			return null;
		}
		if (!isInteger(value)) {
			ctx.problem(at(field), "must be an integer");
			return null;
		}
		BigDecimal number = value.decimalValue();
		if (number.compareTo(BigDecimal.valueOf(min)) < 0 || number.compareTo(BigDecimal.valueOf(max)) > 0) {
			ctx.problem(at(field), max == Integer.MAX_VALUE ? "must be at least " + min
					: "must be between " + min + " and " + max);
			return null;
		}
		return number.intValue();
	}

	/** A boolean, or null. */
	Boolean bool(String field) {
		JsonNode value = node.get(field);
		if (value == null) {
			return null;
		}
		if (!value.isBoolean()) {
			ctx.problem(at(field), "must be true or false");
			return null;
		}
		return value.asBoolean();
	}

	/** A positive duration ({@code 30s}, {@code PT72H}), or null. */
	Duration duration(String field) {
		JsonNode value = node.get(field);
		if (value == null) {
			return null;
		}
		if (!value.isTextual()) {
			ctx.problem(at(field), "must be a duration such as 30s, 5m, 72h or PT72H");
			return null;
		}
		try {
			Duration duration = Durations.parse(value.asText());
			if (duration.isZero()) {
				ctx.problem(at(field), "must be longer than zero");
				return null;
			}
			return duration;
		}
		catch (IllegalArgumentException e) {
			ctx.problem(at(field), e.getMessage());
			return null;
		}
	}

	/** The nested object {@code field} allowing only {@code allowed}, or null when absent or invalid. */
	Fields object(String field, Set<String> allowed) {
		JsonNode value = node.get(field);
		return value == null ? null : of(value, at(field), ctx, allowed);
	}

	/** The elements of the array {@code field} (empty when absent or not an array). */
	List<JsonNode> array(String field) {
		JsonNode value = node.get(field);
		if (value == null) {
			return List.of();
		}
		if (!value.isArray()) {
			ctx.problem(at(field), "must be an array");
			return List.of();
		}
		List<JsonNode> elements = new ArrayList<>();
		value.forEach(elements::add);
		return elements;
	}

	/**
	 * The array {@code field} of distinct non-blank strings, each one of {@code values} unless that is
	 * empty; invalid elements are reported at {@code field[i]} and skipped.
	 */
	List<String> strings(String field, Set<String> values) {
		List<String> result = new ArrayList<>();
		List<JsonNode> elements = array(field);
		for (int i = 0; i < elements.size(); i++) {
			JsonNode element = elements.get(i);
			String elementPath = at(field) + "[" + i + "]";
			if (!element.isTextual() || element.asText().isBlank()) {
				ctx.problem(elementPath, "must be a non-empty string");
			}
			else if (!values.isEmpty() && !values.contains(element.asText())) {
				ctx.problem(elementPath, "must be one of " + String.join(", ", new TreeSet<>(values)));
			}
			else if (result.contains(element.asText())) {
				ctx.problem(elementPath, "'" + element.asText() + "' is listed twice");
			}
			else {
				result.add(element.asText());
			}
		}
		return result;
	}

	/** Pins the reference in {@code field}, if present. */
	void reference(String field, Kind kind) {
		if (has(field)) {
			ctx.reference(node.get(field), at(field), kind);
		}
	}

	/** Pins every reference in the array {@code field}. */
	void references(String field, Kind kind) {
		List<JsonNode> elements = array(field);
		for (int i = 0; i < elements.size(); i++) {
			ctx.reference(elements.get(i), at(field) + "[" + i + "]", kind);
		}
	}

	/** Checks that {@code field}, if present, is a JSON Schema. */
	void schema(String field, boolean requireObjectType) {
		if (has(field)) {
			JsonSchemas.check(node.get(field), at(field), ctx, requireObjectType);
		}
	}

}
