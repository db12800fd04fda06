package dev.trellis.pipeline;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Equality, ordering and truthiness of JSON values for conditions. Every operation is total:
 * values of mismatched types compare unequal or unordered rather than throwing, so a condition
 * over an unexpected output decides the same way on every replay.
 */
final class JsonValues {

	private JsonValues() {
	}

	/** Missing, null, false, 0, "" and empty containers are false; everything else is true. */
	static boolean truthy(JsonNode value) {
		if (isNull(value)) {
			return false;
		}
		if (value.isBoolean()) {
			return value.booleanValue();
		}
		if (value.isNumber()) {
			BigDecimal decimal = decimal(value);
			return (decimal != null) ? decimal.signum() != 0 : value.doubleValue() != 0;
		}
		if (value.isTextual()) {
			return !value.textValue().isEmpty();
		}
		if (value.isContainerNode()) {
			return value.size() > 0;
		}
		return true;
	}

	/** JSON equality where numbers compare by value ({@code 1 == 1.0}) and missing equals null. */
	static boolean equal(JsonNode a, JsonNode b) {
		if (isNull(a) || isNull(b)) {
			return isNull(a) && isNull(b);
		}
		if (a.isNumber() && b.isNumber()) {
			Integer order = compareNumbers(a, b);
			return order != null && order == 0;
		}
		if (a.isArray() && b.isArray()) {
			return a.size() == b.size() && equalElements(a, b);
		}
		if (a.isObject() && b.isObject()) {
			return a.size() == b.size() && equalFields(a, b);
		}
		if (a.isTextual() && b.isTextual()) {
			return a.textValue().equals(b.textValue());
		}
		if (a.isBoolean() && b.isBoolean()) {
			return a.booleanValue() == b.booleanValue();
		}
		return false;
	}

	private static boolean equalElements(JsonNode a, JsonNode b) {
		for (int i = 0; i < a.size(); i++) {
			if (!equal(a.get(i), b.get(i))) {
				return false;
			}
		}
		return true;
	}

	private static boolean equalFields(JsonNode a, JsonNode b) {
		Iterator<Map.Entry<String, JsonNode>> fields = a.properties().iterator();
		while (fields.hasNext()) {
			Map.Entry<String, JsonNode> field = fields.next();
			JsonNode other = b.get(field.getKey());
			if (other == null || !equal(field.getValue(), other)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Orders two numbers or two strings; returns {@code null} for any other pair, which makes
	 * every ordering comparison false.
	 */
	static Integer compare(JsonNode a, JsonNode b) {
		if (isNull(a) || isNull(b)) {
			return null;
		}
		if (a.isNumber() && b.isNumber()) {
			return compareNumbers(a, b);
		}
		if (a.isTextual() && b.isTextual()) {
			return Integer.signum(a.textValue().compareTo(b.textValue()));
		}
		return null;
	}

	private static Integer compareNumbers(JsonNode a, JsonNode b) {
		BigDecimal x = decimal(a);
		BigDecimal y = decimal(b);
		if (x != null && y != null) {
			return x.compareTo(y);
		}
		double dx = a.doubleValue();
		double dy = b.doubleValue();
		// NaN is unordered and unequal to everything, as in IEEE 754.
		return (Double.isNaN(dx) || Double.isNaN(dy)) ? null : Double.compare(dx, dy);
	}

	/** The exact value of a number, or {@code null} for infinities and NaN. */
	private static BigDecimal decimal(JsonNode number) {
		if ((number.isDouble() || number.isFloat()) && !Double.isFinite(number.doubleValue())) {
			return null;
		}
		return number.decimalValue();
	}

	static boolean isNull(JsonNode value) {
		return value == null || value.isNull() || value.isMissingNode();
	}

}
