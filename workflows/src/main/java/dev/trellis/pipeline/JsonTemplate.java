package dev.trellis.pipeline;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A JSON value whose string leaves are {@link Template}s, used for tool {@code args} and a
 * subpipeline's {@code input}. A leaf that is exactly one placeholder renders to the referenced
 * JSON value itself, so {@code "body": "{{nodes.review.output}}"} passes structured output
 * through unchanged; other leaves render to strings. Object keys are never templated.
 *
 * <pre>{@code
 * JsonTemplate args = JsonTemplate.parse(mapper.readTree("{\"expression\": \"{{inputs.x}}+1\"}"));
 * JsonNode rendered = args.render(ctx); // {"expression": "41+1"}
 * }</pre>
 */
public final class JsonTemplate {

	/** Deeper trees are refused so that walking them can never exhaust the stack. */
	static final int MAX_DEPTH = 64;

	private final JsonNode source;

	private final List<Leaf> leaves;

	/** A templated string leaf and its path relative to the template's root. */
	record Leaf(String path, Template template) {
	}

	private JsonTemplate(JsonNode source, List<Leaf> leaves) {
		this.source = source;
		this.leaves = List.copyOf(leaves);
	}

	/**
	 * Parses every string leaf of {@code value}.
	 * @throws TemplateException for the first malformed leaf, naming its path
	 */
	public static JsonTemplate parse(JsonNode value) {
		List<ValidationError> errors = new ArrayList<>();
		JsonTemplate template = parse(value, "", errors);
		if (template == null) {
			ValidationError first = errors.get(0);
			String where = first.path().isEmpty() ? "the root value" : first.path();
			throw new TemplateException(where + ": " + first.message(), 0);
		}
		return template;
	}

	/**
	 * Parses every string leaf, reporting each malformed one at {@code basePath} plus its
	 * relative path; returns {@code null} if any was malformed.
	 */
	static JsonTemplate parse(JsonNode value, String basePath, List<ValidationError> errors) {
		if (value == null) {
			errors.add(new ValidationError(basePath, "a JSON value is required"));
			return null;
		}
		int before = errors.size();
		List<Leaf> leaves = new ArrayList<>();
		collect(value, basePath, "", 0, leaves, errors);
		return (errors.size() == before) ? new JsonTemplate(value.deepCopy(), leaves) : null;
	}

	private static void collect(JsonNode value, String basePath, String path, int depth, List<Leaf> leaves,
			List<ValidationError> errors) {
		if (depth > MAX_DEPTH) {
			errors.add(new ValidationError(basePath + path, "nested more than " + MAX_DEPTH + " levels deep"));
			return;
		}
		if (value.isTextual()) {
			try {
				leaves.add(new Leaf(path, Template.parse(value.textValue())));
			}
			catch (TemplateException ex) {
				errors.add(new ValidationError(basePath + path, ex.getMessage()));
			}
		}
		else if (value.isArray()) {
			for (int i = 0; i < value.size(); i++) {
				collect(value.get(i), basePath, path + "[" + i + "]", depth + 1, leaves, errors);
			}
		}
		else if (value.isObject()) {
			for (Map.Entry<String, JsonNode> field : value.properties()) {
				collect(field.getValue(), basePath, path + key(field.getKey()), depth + 1, leaves, errors);
			}
		}
	}

	/** Writes a key as {@code .key}, or {@code ["key"]} when it contains other characters. */
	static String key(String key) {
		boolean plain = !key.isEmpty();
		for (int i = 0; i < key.length() && plain; i++) {
			plain = ValuePath.isNameChar(key.charAt(i));
		}
		return plain ? "." + key : "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
	}

	/** The JSON the template was parsed from (a private copy). */
	public JsonNode source() {
		return this.source.deepCopy();
	}

	/** The distinct values all leaves read, in document order. */
	public List<TemplateRef> references() {
		Set<TemplateRef> refs = new LinkedHashSet<>();
		for (Leaf leaf : this.leaves) {
			refs.addAll(leaf.template().references());
		}
		return List.copyOf(refs);
	}

	/** The templated string leaves with their paths relative to the root, in document order. */
	List<Leaf> leaves() {
		return this.leaves;
	}

	/**
	 * Renders a new JSON tree with every string leaf rendered.
	 * @throws TemplateException if a referenced value is missing
	 */
	public JsonNode render(TemplateContext ctx) {
		// Leaves were collected in the same depth-first order this walk visits them in.
		return render(this.source, this.leaves.iterator(), ctx);
	}

	private static JsonNode render(JsonNode value, Iterator<Leaf> leaves, TemplateContext ctx) {
		if (value.isTextual()) {
			return leaves.next().template().renderValue(ctx);
		}
		if (value.isArray()) {
			ArrayNode array = JsonNodeFactory.instance.arrayNode(value.size());
			for (JsonNode element : value) {
				array.add(render(element, leaves, ctx));
			}
			return array;
		}
		if (value.isObject()) {
			ObjectNode object = JsonNodeFactory.instance.objectNode();
			for (Map.Entry<String, JsonNode> field : value.properties()) {
				object.set(field.getKey(), render(field.getValue(), leaves, ctx));
			}
			return object;
		}
		return value.deepCopy();
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof JsonTemplate template && this.source.equals(template.source);
	}

	@Override
	public int hashCode() {
		return this.source.hashCode();
	}

	@Override
	public String toString() {
		return this.source.toString();
	}

}
