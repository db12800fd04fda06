package dev.trellis.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads {@code nodes[i].retry}; fields left out take the values of {@link RetrySpec#defaults()}. */
final class RetryReader {

	private static final Set<String> FIELDS = Set.of("maxAttempts", "initialInterval", "backoffCoefficient",
			"maxInterval", "nonRetryableErrors");

	private final Fields fields;

	RetryReader(Fields fields) {
		this.fields = fields;
	}

	RetrySpec read(JsonNode node, String base) {
		RetrySpec defaults = RetrySpec.defaults();
		JsonNode retry = Fields.get(node, "retry");
		String path = base + ".retry";
		if (retry == null) {
			return defaults;
		}
		if (!retry.isObject()) {
			this.fields.error(path, "must be an object such as {\"maxAttempts\": 3, \"initialInterval\": \"1s\"}, not "
					+ Fields.describe(retry));
			return defaults;
		}
		this.fields.rejectUnknown(retry, FIELDS, path, "retry");
		int maxAttempts = maxAttempts(Fields.get(retry, "maxAttempts"), path + ".maxAttempts", defaults.maxAttempts());
		Duration initial = this.fields.optionalDuration(retry, "initialInterval", path);
		double coefficient = coefficient(Fields.get(retry, "backoffCoefficient"), path + ".backoffCoefficient",
				defaults.backoffCoefficient());
		Duration max = this.fields.optionalDuration(retry, "maxInterval", path);
		if (initial != null && max != null && max.compareTo(initial) < 0) {
			this.fields.error(path + ".maxInterval", "must not be shorter than initialInterval");
		}
		initial = (initial != null) ? initial : defaults.initialInterval();
		// A long initial interval with no explicit maximum raises the maximum rather than contradicting it.
		max = (max != null) ? max : (initial.compareTo(defaults.maxInterval()) > 0 ? initial : defaults.maxInterval());
		List<String> nonRetryable = this.fields.optionalStrings(retry, "nonRetryableErrors", path);
		return new RetrySpec(maxAttempts, initial, coefficient, max, nonRetryable);
	}

	private int maxAttempts(JsonNode value, String path, int fallback) {
		if (value == null) {
			return fallback;
		}
		if (value.isIntegralNumber() && value.canConvertToInt() && value.intValue() >= 1) {
			return value.intValue();
		}
		this.fields.error(path, "must be a whole number >= 1 (1 means no retries)");
		return fallback;
	}

	private double coefficient(JsonNode value, String path, double fallback) {
		if (value == null) {
			return fallback;
		}
		double coefficient = value.isNumber() ? value.doubleValue() : Double.NaN;
		// The negated comparison also rejects NaN and infinity.
		if (!(coefficient >= 1 && coefficient < Double.POSITIVE_INFINITY)) {
			this.fields.error(path, "must be a number >= 1");
			return fallback;
		}
		return coefficient;
	}

}
