package dev.trellis.pipeline;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One declared pipeline input, read from {@code inputs.<name>}.
 *
 * <pre>{@code
 * InputSpec topic = plan.inputs().get("topic");
 * if (topic.required() && !supplied.has("topic")) { ... }
 * }</pre>
 *
 * @param type one of {@link #TYPES}; {@code "any"} when the definition names none
 * @param required whether a run must supply the input
 * @param defaultValue used when a run does not supply the input, or {@code null}
 */
public record InputSpec(String type, boolean required, JsonNode defaultValue) {

	/** The input types a definition may declare. */
	public static final List<String> TYPES = List.of("string", "number", "integer", "boolean", "object", "array",
			"any");

	/** Copies the default so later mutation of the source document cannot change a compiled plan. */
	public InputSpec {
		defaultValue = (defaultValue != null) ? defaultValue.deepCopy() : null;
	}

	/** Whether {@code value} has this input's type; JSON {@code null} never does. */
	public boolean accepts(JsonNode value) {
		if (value == null || value.isNull() || value.isMissingNode()) {
			return false;
		}
		return switch (this.type) {
			case "string" -> value.isTextual();
			case "number" -> value.isNumber();
			case "integer" -> value.isIntegralNumber() || (value.isNumber() && isWhole(value));
			case "boolean" -> value.isBoolean();
			case "object" -> value.isObject();
			case "array" -> value.isArray();
			default -> true;
		};
	}

	private static boolean isWhole(JsonNode number) {
		if (number.isDouble() || number.isFloat()) {
			double d = number.doubleValue();
			return Double.isFinite(d) && d == Math.rint(d);
		}
		BigDecimal decimal = number.decimalValue();
		return decimal.signum() == 0 || decimal.stripTrailingZeros().scale() <= 0;
	}

}
