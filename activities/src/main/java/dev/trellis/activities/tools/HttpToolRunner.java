package dev.trellis.activities.tools;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.trellis.activities.secrets.SecretReferences;
import dev.trellis.activities.secrets.SecretResolver;

/**
 * Runs a registry-defined HTTP tool: {@code {"http": {"method", "url", "headers", "body"}}} where
 * {@code {{arg}}} placeholders take the call's arguments (URL-encoded inside the URL) and
 * {@code secret://name} values or {@code {{secret://name}}} placeholders take secrets. Secrets are
 * resolved before arguments are filled in, so an argument can never smuggle in a secret reference.
 * The tool's host is the builder's choice, so only the address check of the {@link SsrfGuard}
 * applies: private addresses stay blocked unless allowed.
 *
 * <pre>{@code
 * "implementation": {"http": {"method": "POST", "url": "https://cms.example/articles",
 *     "headers": {"Authorization": "Bearer {{secret://cms-token}}"}, "body": {"title": "{{title}}"}}}
 * }</pre>
 */
class HttpToolRunner {

	private static final Pattern ARG = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.-]+)\\s*}}");

	private final HttpFetcher fetcher;

	private final SsrfGuard guard;

	private final ToolsProperties.Http limits;

	private final SecretResolver secrets;

	HttpToolRunner(HttpFetcher fetcher, SsrfGuard guard, ToolsProperties.Http limits, SecretResolver secrets) {
		this.fetcher = fetcher;
		this.guard = guard;
		this.limits = limits;
		this.secrets = secrets;
	}

	JsonNode run(JsonNode http, JsonNode arguments, Duration timeout) {
		String method = http.path("method").asText("GET");
		String url = fill(SecretReferences.resolveAll(http.path("url").asText(""), secrets), arguments,
				v -> URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20"));
		URI uri;
		try {
			uri = URI.create(url);
		}
		catch (IllegalArgumentException e) {
			throw new ToolRefusal("InvalidUrl", "the tool's URL is not valid after filling in the arguments");
		}
		Map<String, String> headers = new LinkedHashMap<>();
		http.path("headers").fields().forEachRemaining(e -> headers.put(e.getKey(),
				fill(SecretReferences.resolveAll(e.getValue().asText(), secrets), arguments, UnaryOperator.identity())));
		String body = null;
		JsonNode template = http.path("body");
		if (template.isTextual()) {
			body = fill(template.asText(), arguments, UnaryOperator.identity());
		}
		else if (template.isContainerNode()) {
			body = fillJson(template.deepCopy(), arguments).toString();
			headers.putIfAbsent("Content-Type", "application/json");
		}
		else if (!method.equalsIgnoreCase("GET") && !method.equalsIgnoreCase("HEAD")) {
			body = arguments.toString();
			headers.putIfAbsent("Content-Type", "application/json");
		}
		Duration limit = timeout.compareTo(limits.timeout()) < 0 ? timeout : limits.timeout();
		return HttpResponses.toOutput(fetcher.fetch(method, uri, headers, body, limit, limits.maxResponseBytes(),
				limits.maxRedirects(), guard::checkAddresses));
	}

	private static JsonNode fillJson(JsonNode node, JsonNode arguments) {
		if (node.isTextual()) {
			Matcher whole = ARG.matcher(node.asText());
			if (whole.matches() && arguments.has(whole.group(1))) {
				// A lone placeholder keeps the argument's JSON type (number, object, ...).
				return arguments.get(whole.group(1));
			}
			return TextNode.valueOf(fill(node.asText(), arguments, UnaryOperator.identity()));
		}
		if (node.isObject()) {
			ObjectNode o = (ObjectNode) node;
			o.fields().forEachRemaining(e -> o.set(e.getKey(), fillJson(e.getValue(), arguments)));
		}
		else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				((com.fasterxml.jackson.databind.node.ArrayNode) node).set(i, fillJson(node.get(i), arguments));
			}
		}
		return node;
	}

	private static String fill(String template, JsonNode arguments, UnaryOperator<String> encode) {
		Matcher m = ARG.matcher(template);
		StringBuilder out = new StringBuilder();
		while (m.find()) {
			JsonNode v = arguments.get(m.group(1));
			String text = v == null || v.isNull() ? "" : v.isValueNode() ? v.asText() : v.toString();
			m.appendReplacement(out, Matcher.quoteReplacement(encode.apply(text)));
		}
		m.appendTail(out);
		return out.toString();
	}

}
