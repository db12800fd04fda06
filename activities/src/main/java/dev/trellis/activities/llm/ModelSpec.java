package dev.trellis.activities.llm;

import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.workflows.api.EntityVersion;
import dev.trellis.workflows.api.TokenUsage;

/**
 * A pinned model entity, read: {@code provider} ({@code openai}, {@code anthropic}, {@code ollama},
 * {@code local}), model name, base URL, API key reference, sampling settings and prices per 1,000
 * tokens.
 */
record ModelSpec(String entity, String provider, String model, String baseUrl, String apiKeyRef, Double temperature,
		Integer maxTokens, double inputPer1k, double outputPer1k) {

	static ModelSpec of(EntityVersion entity) {
		JsonNode s = entity.spec();
		JsonNode pricing = s.path("pricing");
		return new ModelSpec(entity.name() + "@" + entity.version(),
				s.path("provider").asText("openai").toLowerCase(Locale.ROOT), s.path("model").asText(""),
				blankToNull(s.path("baseUrl").asText(null)), blankToNull(s.path("apiKey").asText(null)),
				s.hasNonNull("temperature") ? s.path("temperature").asDouble() : null,
				s.hasNonNull("maxTokens") ? s.path("maxTokens").asInt() : null, pricing.path("inputPer1k").asDouble(0),
				pricing.path("outputPer1k").asDouble(0));
	}

	boolean isLocal() {
		return "local".equals(provider);
	}

	/** Tokens priced with the entity's prices. */
	TokenUsage usage(long input, long output) {
		return new TokenUsage(input, output, input / 1000.0 * inputPer1k + output / 1000.0 * outputPer1k);
	}

	private static String blankToNull(String s) {
		return s == null || s.isBlank() ? null : s;
	}

}
