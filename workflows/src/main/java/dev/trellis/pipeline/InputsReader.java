package dev.trellis.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads the {@code inputs} declarations: {@code {"topic": {"type": "string", "required": true}}}. */
final class InputsReader {

	private static final Set<String> FIELDS = Set.of("type", "required", "default", "description", "label");

	private final Fields fields;

	InputsReader(Fields fields) {
		this.fields = fields;
	}

	/** The declared inputs in declaration order; malformed ones are reported and left out. */
	Map<String, InputSpec> read(JsonNode definition) {
		Map<String, InputSpec> inputs = new LinkedHashMap<>();
		JsonNode declared = Fields.get(definition, "inputs");
		if (declared == null) {
			return inputs;
		}
		if (!declared.isObject()) {
			this.fields.error("inputs",
					"must be an object mapping input names to {\"type\": ..., \"required\": ...}, not "
					+ Fields.describe(declared));
			return inputs;
		}
		for (Map.Entry<String, JsonNode> entry : declared.properties()) {
			InputSpec spec = input(entry.getKey(), entry.getValue(), Fields.path("inputs", entry.getKey()));
			if (spec != null) {
				inputs.put(entry.getKey(), spec);
			}
		}
		return inputs;
	}

	private InputSpec input(String name, JsonNode spec, String path) {
		int before = this.fields.errorCount();
		if (name.isEmpty() || name.length() > NodeReader.MAX_ID_LENGTH
				|| !name.chars().allMatch(c -> ValuePath.isNameChar((char) c))) {
			this.fields.error(path, "an input name must be 1 to " + NodeReader.MAX_ID_LENGTH
					+ " letters, digits, '_' or '-', because templates refer to it as inputs.<name>");
		}
		if (!spec.isObject()) {
			this.fields.error(path, "must be an object such as {\"type\": \"string\"}, not " + Fields.describe(spec));
			return null;
		}
		this.fields.rejectUnknown(spec, FIELDS, path, "an input");
		this.fields.optionalString(spec, "description", path);
		this.fields.optionalString(spec, "label", path);
		String type = this.fields.optionalString(spec, "type", path);
		if (type != null && !InputSpec.TYPES.contains(type)) {
			this.fields.error(path + ".type", "'" + type + "' is not one of " + String.join(", ", InputSpec.TYPES));
		}
		boolean required = this.fields.optionalBoolean(spec, "required", path, false);
		JsonNode defaultValue = Fields.get(spec, "default");
		InputSpec input = new InputSpec((type != null) ? type : "any", required, null);
		if (defaultValue != null && Fields.deeperThan(defaultValue, JsonTemplate.MAX_DEPTH)) {
			this.fields.error(path + ".default", "nested more than " + JsonTemplate.MAX_DEPTH + " levels deep");
		}
		else if (defaultValue != null && InputSpec.TYPES.contains(input.type()) && !input.accepts(defaultValue)) {
			this.fields.error(path + ".default", "must be of type " + input.type() + ", not "
					+ Fields.describe(defaultValue));
		}
		if (this.fields.errorCount() != before) {
			return null;
		}
		return new InputSpec(input.type(), required, defaultValue);
	}

}
