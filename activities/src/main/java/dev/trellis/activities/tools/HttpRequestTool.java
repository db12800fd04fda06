package dev.trellis.activities.tools;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code builtin:http_request}: an HTTP call the model composes, so it is fenced by the
 * {@link SsrfGuard} (host allowlist and public addresses only), a time limit and a size limit.
 *
 * <pre>{@code {"url": "https://api.example.com/items?q=1", "method": "GET", "headers": {"Accept": "application/json"}}}</pre>
 */
public class HttpRequestTool implements BuiltinTool {

	private final HttpFetcher fetcher;

	private final SsrfGuard guard;

	private final ToolsProperties.Http limits;

	HttpRequestTool(HttpFetcher fetcher, SsrfGuard guard, ToolsProperties.Http limits) {
		this.fetcher = fetcher;
		this.guard = guard;
		this.limits = limits;
	}

	@Override
	public String id() {
		return "http_request";
	}

	@Override
	public JsonNode run(JsonNode arguments, Duration timeout) {
		URI uri;
		try {
			uri = URI.create(arguments.path("url").asText(""));
		}
		catch (IllegalArgumentException e) {
			throw new ToolRefusal("InvalidUrl", "'" + arguments.path("url").asText("") + "' is not a valid URL");
		}
		Map<String, String> headers = new LinkedHashMap<>();
		arguments.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
		JsonNode body = arguments.path("body");
		String bodyText = body.isMissingNode() || body.isNull() ? null : body.isTextual() ? body.asText() : body.toString();
		if (bodyText != null && body.isContainerNode()) {
			headers.putIfAbsent("Content-Type", "application/json");
		}
		Duration limit = timeout.compareTo(limits.timeout()) < 0 ? timeout : limits.timeout();
		return HttpResponses.toOutput(fetcher.fetch(arguments.path("method").asText("GET"), uri, headers, bodyText,
				limit, limits.maxResponseBytes(), limits.maxRedirects(), guard::check));
	}

}
