package dev.trellis.registry.spec;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A tool the LLM may call: what it reads (description, JSON Schema of arguments), how dangerous it is
 * (permission), how it runs (a built-in, an HTTP endpoint or an MCP server's tool) and how patiently.
 *
 * <pre>{@code
 * {"description": "Evaluates an arithmetic expression", "permission": "read",
 *  "parameters": {"type": "object", "properties": {"expression": {"type": "string"}}, "required": ["expression"]},
 *  "implementation": "builtin:calculator", "timeout": "10s", "retry": {"maxAttempts": 2}}
 *
 * "implementation": {"http": {"method": "POST", "url": "https://cms.example/articles/{{args.slug}}",
 *                             "headers": {"Authorization": "Bearer secret://cms-token"}, "body": "{{args.body}}"}}
 * "implementation": {"mcp": {"server": "npx -y @modelcontextprotocol/server-filesystem /data",
 *                            "transport": "stdio", "tool": "read_file"}}
 * }</pre>
 */
final class ToolRules {

	static final Set<String> PERMISSIONS = Set.of("read", "write", "destructive");

	private static final Set<String> FIELDS = Set.of("description", "parameters", "permission", "implementation",
			"timeout", "retry");

	private static final Set<String> IMPLEMENTATIONS = Set.of("http", "mcp");

	private static final Set<String> HTTP = Set.of("method", "url", "headers", "body");

	private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");

	private static final Set<String> MCP = Set.of("server", "transport", "tool");

	private static final Set<String> RETRY = Set.of("maxAttempts", "initialInterval", "backoffCoefficient",
			"maxInterval", "nonRetryableErrors");

	private static final Pattern BUILTIN = Pattern.compile("builtin:[a-z][a-z0-9_]*");

	/** Headers that carry credentials; a literal value there would leak into exports and snapshots. */
	private static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "proxy-authorization", "x-api-key",
			"api-key", "cookie");

	private ToolRules() {
	}

	static void check(JsonNode spec, SpecContext ctx) {
		Fields tool = Fields.of(spec, "", ctx, FIELDS);
		if (tool == null) {
			return;
		}
		tool.require("description", "parameters", "permission", "implementation");
		tool.text("description");
		tool.schema("parameters", true);
		tool.oneOf("permission", PERMISSIONS);
		tool.duration("timeout");
		checkRetry(tool.object("retry", RETRY));
		if (tool.has("implementation")) {
			checkImplementation(tool.get("implementation"), tool.at("implementation"), ctx);
		}
	}

	private static void checkImplementation(JsonNode value, String path, SpecContext ctx) {
		if (value.isTextual()) {
			if (!BUILTIN.matcher(value.asText()).matches()) {
				ctx.problem(path, "must be \"builtin:<id>\" (such as \"builtin:calculator\") or an object with "
						+ "\"http\" or \"mcp\"");
			}
			return;
		}
		Fields implementation = Fields.of(value, path, ctx, IMPLEMENTATIONS);
		if (implementation == null) {
			return;
		}
		if (implementation.node().size() != 1) {
			ctx.problem(path, "must have exactly one of \"http\" or \"mcp\"");
		}
		checkHttp(implementation.object("http", HTTP), ctx);
		checkMcp(implementation.object("mcp", MCP), ctx);
	}

	private static void checkHttp(Fields http, SpecContext ctx) {
		if (http == null) {
			return;
		}
		http.require("method", "url");
		http.oneOf("method", METHODS);
		String url = http.text("url");
		if (url != null) {
			checkUrlTemplate(url, http.at("url"), ctx);
		}
		if (http.has("headers")) {
			checkHeaders(http.get("headers"), http.at("headers"), ctx);
		}
	}

	/**
	 * Templates may fill the path and query from the call's arguments, but the scheme and host are
	 * fixed in the spec, so a model cannot point the tool at another server.
	 */
	private static void checkUrlTemplate(String url, String path, SpecContext ctx) {
		String lower = url.toLowerCase(Locale.ROOT);
		String rest = lower.startsWith("https://") ? url.substring(8) : lower.startsWith("http://") ? url.substring(7)
				: null;
		if (rest == null) {
			ctx.problem(path, "must start with http:// or https://");
			return;
		}
		int hostEnd = rest.length();
		for (char c : new char[] { '/', '?', '#' }) {
			int i = rest.indexOf(c);
			if (i >= 0 && i < hostEnd) {
				hostEnd = i;
			}
		}
		String authority = rest.substring(0, hostEnd);
		if (authority.isEmpty() || authority.contains("{{")) {
			ctx.problem(path, "must name a fixed host; templates may only fill the path and query");
		}
	}

	private static void checkHeaders(JsonNode headers, String path, SpecContext ctx) {
		if (!headers.isObject()) {
			ctx.problem(path, "must be an object of header names to values");
			return;
		}
		for (Map.Entry<String, JsonNode> header : (Iterable<Map.Entry<String, JsonNode>>) headers::fields) {
			String headerPath = path + "." + header.getKey();
			if (!header.getValue().isTextual()) {
				ctx.problem(headerPath, "must be a string");
				continue;
			}
			String value = header.getValue().asText();
			boolean credential = CREDENTIAL_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT));
			if (SecretReferences.mentions(value) && !SecretReferences.containsOnlyValidReferences(value)) {
				ctx.problem(headerPath, "has a malformed secret reference; use secret://<name>");
			}
			else if (credential && !SecretReferences.mentions(value)) {
				ctx.problem(headerPath, "carries a credential: use a secret reference such as "
						+ "\"Bearer secret://my-token\" instead of the literal value");
			}
		}
	}

	private static void checkMcp(Fields mcp, SpecContext ctx) {
		if (mcp == null) {
			return;
		}
		mcp.require("server", "transport", "tool");
		String transport = mcp.oneOf("transport", Set.of("stdio", "http"));
		String server = mcp.text("server");
		mcp.text("tool");
		if ("http".equals(transport) && server != null && !ModelRules.isHttpUrl(server)) {
			ctx.problem(mcp.at("server"), "must be an http:// or https:// URL for the http transport");
		}
	}

	/** The same retry fields a pipeline node takes, so one policy shape serves both. */
	static void checkRetry(Fields retry) {
		if (retry == null) {
			return;
		}
		retry.integer("maxAttempts", 1, 100);
		retry.duration("initialInterval");
		retry.number("backoffCoefficient", BigDecimal.ONE, BigDecimal.valueOf(100));
		retry.duration("maxInterval");
		retry.strings("nonRetryableErrors", Set.of());
	}

}
