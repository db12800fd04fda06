package dev.trellis.activities.resilience;

/**
 * Names of breakers: one per model provider endpoint and one per tool, shared by every worker, so
 * a provider that is down for one run is known to be down for all of them.
 */
public final class BreakerKeys {

	private BreakerKeys() {
	}

	/** {@code llm:openai@https://api.openai.com/v1}; a provider's default endpoint is {@code default}. */
	public static String provider(String provider, String baseUrl) {
		return "llm:" + provider + "@" + (baseUrl == null || baseUrl.isBlank() ? "default" : baseUrl);
	}

	/** {@code tool:http_request}. */
	public static String tool(String name) {
		return "tool:" + name;
	}

}
