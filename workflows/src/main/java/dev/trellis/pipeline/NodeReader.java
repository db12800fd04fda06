package dev.trellis.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** Reads one entry of {@code nodes}: its id, type, common settings and type-specific fields. */
final class NodeReader {

	/** Ids appear in template paths and logs; longer ones are refused. */
	static final int MAX_ID_LENGTH = 64;

	private static final Set<String> COMMON = Set.of("id", "type", "label", "description", "retry", "timeout",
			"continueOnError");

	private static final Map<NodeType, Set<String>> SPECIFIC = specificFields();

	private final Fields fields;

	private final RetryReader retries;

	private final ReviewReader reviews;

	NodeReader(Fields fields) {
		this.fields = fields;
		this.retries = new RetryReader(fields);
		this.reviews = new ReviewReader(fields);
	}

	private static Map<NodeType, Set<String>> specificFields() {
		Map<NodeType, Set<String>> specific = new EnumMap<>(NodeType.class);
		specific.put(NodeType.AGENT, Set.of("agent", "prompt"));
		specific.put(NodeType.TOOL, Set.of("tool", "args"));
		specific.put(NodeType.HUMAN_REVIEW, ReviewReader.FIELDS);
		specific.put(NodeType.ROUTER, Set.of());
		specific.put(NodeType.SUBPIPELINE, Set.of("pipeline", "input"));
		return Collections.unmodifiableMap(specific);
	}

	ParsedNode read(JsonNode node, int index) {
		String base = "nodes[" + index + "]";
		if (!node.isObject()) {
			this.fields.error(base, "a node must be an object with at least 'id' and 'type', not "
					+ Fields.describe(node));
			return new ParsedNode(index, null, null, node, RetrySpec.defaults(), null, false, null, null, null, null,
					null, null, List.of());
		}
		String id = id(node, base);
		NodeType type = type(node, base);
		if (type != null) {
			Set<String> allowed = new TreeSet<>(COMMON);
			allowed.addAll(SPECIFIC.get(type));
			this.fields.rejectUnknown(node, allowed, base, Fields.describe(type));
		}
		this.fields.optionalString(node, "label", base);
		this.fields.optionalString(node, "description", base);
		RetrySpec retry = this.retries.read(node, base);
		Duration timeout = this.fields.optionalDuration(node, "timeout", base);
		boolean continueOnError = this.fields.optionalBoolean(node, "continueOnError", base, false);
		List<ParsedNode.TemplateUse> uses = new ArrayList<>();
		EntityRef agent = null;
		EntityRef tool = null;
		EntityRef pipeline = null;
		Template prompt = null;
		JsonTemplate args = null;
		ReviewSpec review = null;
		if (type == NodeType.AGENT) {
			agent = entity(node, "agent", base);
			prompt = prompt(node, base, uses);
		}
		else if (type == NodeType.TOOL) {
			tool = entity(node, "tool", base);
			args = jsonTemplate(node, "args", base, uses);
		}
		else if (type == NodeType.SUBPIPELINE) {
			pipeline = entity(node, "pipeline", base);
			args = jsonTemplate(node, "input", base, uses);
		}
		else if (type == NodeType.HUMAN_REVIEW) {
			String fallbackTitle = node.path("label").isTextual() ? node.get("label").textValue() : id;
			review = this.reviews.read(node, base, fallbackTitle, timeout, uses);
		}
		return new ParsedNode(index, id, type, node, retry, timeout, continueOnError, agent, tool, pipeline, prompt,
				args, review, List.copyOf(uses));
	}

	private String id(JsonNode node, String base) {
		String id = this.fields.requiredString(node, "id", base);
		String path = base + ".id";
		if (id == null) {
			return null;
		}
		if (id.isEmpty()) {
			this.fields.error(path, "must not be empty");
			return null;
		}
		if (id.length() > MAX_ID_LENGTH) {
			this.fields.error(path, "must be at most " + MAX_ID_LENGTH + " characters, not " + id.length());
		}
		else if (!id.chars().allMatch(c -> ValuePath.isNameChar((char) c))) {
			this.fields.error(path, "'" + id + "' may only contain letters, digits, '_' and '-', "
					+ "because templates refer to it as nodes.<id>.output");
		}
		return id;
	}

	private NodeType type(JsonNode node, String base) {
		String wire = this.fields.requiredString(node, "type", base);
		if (wire == null) {
			return null;
		}
		NodeType type = NodeType.fromWire(wire).orElse(null);
		if (type == null) {
			List<String> known = List.of(NodeType.values()).stream().map(NodeType::wireName).toList();
			this.fields.error(base + ".type", "unknown node type '" + wire + "'; expected one of " + String.join(", ",
					known));
		}
		return type;
	}

	/** Reads a required {@code {name, version}} reference, version a number >= 1 or "latest". */
	private EntityRef entity(JsonNode node, String field, String base) {
		String path = base + "." + field;
		JsonNode value = Fields.get(node, field);
		if (value == null) {
			this.fields.error(path, "'" + field + "' is required: {\"name\": \"...\", \"version\": 1}");
			return null;
		}
		if (!value.isObject()) {
			this.fields.error(path, "must be an object {\"name\": \"...\", \"version\": 1}, not "
					+ Fields.describe(value));
			return null;
		}
		int before = this.fields.errorCount();
		this.fields.rejectUnknown(value, Set.of("name", "version"), path, "a reference");
		String name = this.fields.requiredString(value, "name", path);
		if (name != null && name.isBlank()) {
			this.fields.error(path + ".name", "must not be empty");
		}
		Integer version = version(Fields.get(value, "version"), path + ".version");
		return (this.fields.errorCount() == before) ? new EntityRef(name, version) : null;
	}

	private Integer version(JsonNode value, String path) {
		if (value == null) {
			this.fields.error(path, "'version' is required: a whole number >= 1, or \"latest\"");
			return null;
		}
		if (value.isTextual() && "latest".equals(value.textValue())) {
			return null;
		}
		if (value.isIntegralNumber() && value.canConvertToInt() && value.intValue() >= 1) {
			return value.intValue();
		}
		this.fields.error(path, "must be a whole number >= 1, or \"latest\"");
		return null;
	}

	private Template prompt(JsonNode node, String base, List<ParsedNode.TemplateUse> uses) {
		String text = this.fields.requiredString(node, "prompt", base);
		if (text == null) {
			return null;
		}
		if (text.isBlank()) {
			this.fields.error(base + ".prompt", "must not be empty");
			return null;
		}
		return this.fields.template(text, base + ".prompt", uses);
	}

	/** Reads an optional object of templated values; absent means {@code {}}. */
	private JsonTemplate jsonTemplate(JsonNode node, String field, String base, List<ParsedNode.TemplateUse> uses) {
		String path = base + "." + field;
		JsonNode value = Fields.get(node, field);
		if (value == null) {
			value = JsonNodeFactory.instance.objectNode();
		}
		if (!value.isObject()) {
			this.fields.error(path, "must be an object, not " + Fields.describe(value));
			return null;
		}
		List<ValidationError> errors = new ArrayList<>();
		JsonTemplate template = JsonTemplate.parse(value, path, errors);
		errors.forEach(error -> this.fields.error(error.path(), error.message()));
		if (template != null) {
			for (JsonTemplate.Leaf leaf : template.leaves()) {
				if (!leaf.template().isLiteral()) {
					uses.add(new ParsedNode.TemplateUse(path + leaf.path(), leaf.template().references()));
				}
			}
		}
		return template;
	}

}
