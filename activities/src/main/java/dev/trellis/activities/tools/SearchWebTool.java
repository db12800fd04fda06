package dev.trellis.activities.tools;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.activities.secrets.SecretReferences;
import dev.trellis.activities.secrets.SecretResolver;

/**
 * {@code builtin:search_web}: a query sent to the search API the operator configured
 * ({@code trellis.tools.search.url} with a {@code {query}} placeholder). The endpoint is the
 * operator's choice, not the model's, so it is not subject to the http_request allowlist.
 *
 * <pre>{@code {"query": "temporal durable execution"} -> {"status": 200, "body": {...results...}}}</pre>
 */
public class SearchWebTool implements BuiltinTool {

	private final HttpFetcher fetcher;

	private final ToolsProperties.Search search;

	private final ToolsProperties.Http limits;

	private final SecretResolver secrets;

	SearchWebTool(HttpFetcher fetcher, ToolsProperties.Search search, ToolsProperties.Http limits,
			SecretResolver secrets) {
		this.fetcher = fetcher;
		this.search = search;
		this.limits = limits;
		this.secrets = secrets;
	}

	@Override
	public String id() {
		return "search_web";
	}

	@Override
	public JsonNode run(JsonNode arguments, Duration timeout) {
		if (search.url() == null || search.url().isBlank()) {
			throw new ToolRefusal("NotConfigured", "search_web is not configured on this worker "
					+ "(set trellis.tools.search.url); answer without web search");
		}
		String query = arguments.path("query").asText("");
		if (query.isBlank()) {
			throw new ToolRefusal("InvalidArguments", "query is empty");
		}
		URI uri = URI.create(search.url().replace("{query}", URLEncoder.encode(query, StandardCharsets.UTF_8)));
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Accept", "application/json");
		if (search.apiKey() != null && !search.apiKey().isBlank()) {
			String key = SecretReferences.resolveAll(search.apiKey(), secrets);
			headers.put(search.apiKeyHeader(),
					"Authorization".equalsIgnoreCase(search.apiKeyHeader()) ? "Bearer " + key : key);
		}
		Duration limit = timeout.compareTo(limits.timeout()) < 0 ? timeout : limits.timeout();
		return HttpResponses.toOutput(fetcher.fetch("GET", uri, headers, null, limit, limits.maxResponseBytes(),
				limits.maxRedirects(), u -> {
				}));
	}

}
