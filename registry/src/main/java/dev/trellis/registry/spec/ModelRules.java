package dev.trellis.registry.spec;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A model configuration: which provider and model, how to reach it, sampling settings and prices.
 *
 * <pre>{@code
 * {"provider": "openai", "model": "gpt-4o-mini", "baseUrl": "https://api.openai.com/v1",
 *  "apiKey": "secret://openai-key", "temperature": 0.2, "maxTokens": 1024,
 *  "pricing": {"inputPer1k": 0.00015, "outputPer1k": 0.0006}, "contextWindow": 128000, "timeout": "2m"}
 * }</pre>
 */
final class ModelRules {

	static final Set<String> PROVIDERS = Set.of("openai", "anthropic", "ollama", "local");

	private static final Set<String> FIELDS = Set.of("provider", "model", "baseUrl", "apiKey", "temperature",
			"maxTokens", "pricing", "contextWindow", "timeout");

	private static final Set<String> PRICING = Set.of("inputPer1k", "outputPer1k");

	private ModelRules() {
	}

	static void check(JsonNode spec, SpecContext ctx) {
		Fields model = Fields.of(spec, "", ctx, FIELDS);
		if (model == null) {
			return;
		}
		model.require("provider", "model");
		model.oneOf("provider", PROVIDERS);
		model.text("model");
		String baseUrl = model.text("baseUrl");
		if (baseUrl != null && !isHttpUrl(baseUrl)) {
			ctx.problem(model.at("baseUrl"), "must be an http:// or https:// URL");
		}
		checkApiKey(model);
		model.number("temperature", BigDecimal.ZERO, BigDecimal.valueOf(2));
		model.integer("maxTokens", 1, Integer.MAX_VALUE);
		model.integer("contextWindow", 1, Integer.MAX_VALUE);
		// How long one model call may take before Temporal retries it (default 10 minutes).
		model.duration("timeout");
		Fields pricing = model.object("pricing", PRICING);
		if (pricing != null) {
			pricing.require("inputPer1k", "outputPer1k");
			pricing.number("inputPer1k", BigDecimal.ZERO, null);
			pricing.number("outputPer1k", BigDecimal.ZERO, null);
		}
	}

	/** The key itself must never be stored: it would be in every export and every run snapshot. */
	private static void checkApiKey(Fields model) {
		if (!model.has("apiKey")) {
			return;
		}
		if (!model.get("apiKey").isTextual() || !SecretReferences.isReference(model.get("apiKey").asText())) {
			model.context()
				.problem(model.at("apiKey"),
						"must be a secret reference such as \"secret://openai-key\", never the key itself: "
								+ "store the key with PUT /api/secrets/{name} and use a secret here");
		}
	}

	static boolean isHttpUrl(String text) {
		try {
			URI uri = new URI(text);
			return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
		}
		catch (URISyntaxException e) {
			return false;
		}
	}

}
