package dev.trellis.activities.tools;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tool settings ({@code trellis.tools.*}).
 *
 * @param workspace the only directory {@code read_file} and {@code write_file} may touch
 * @param maxOutputChars tool output longer than this is truncated before it reaches the model
 * @param http limits of {@code http_request} and registry-defined HTTP tools
 * @param search the search API behind {@code search_web}
 * @param files size limits of the file tools
 * @param mcp MCP servers that {@code mcp} tools may name
 */
@ConfigurationProperties("trellis.tools")
public record ToolsProperties(@DefaultValue(".trellis/workspace") Path workspace,
		@DefaultValue("16000") int maxOutputChars, @DefaultValue Http http, @DefaultValue Search search,
		@DefaultValue Files files, @DefaultValue Mcp mcp) {

	/**
	 * @param allowedHosts hosts {@code http_request} may call: exact names, {@code *.example.com}, or
	 * {@code *} for any public host
	 * @param allowPrivateHosts hosts (names or IP literals) that may resolve to private, loopback or
	 * link-local addresses; everything else resolving there is refused
	 * @param timeout per request, unless the tool entity sets a shorter {@code timeout}
	 * @param maxResponseBytes longer bodies are cut here
	 * @param maxRedirects redirects followed, each target checked again
	 */
	public record Http(@DefaultValue List<String> allowedHosts, @DefaultValue List<String> allowPrivateHosts,
			@DefaultValue("10s") Duration timeout, @DefaultValue("1048576") long maxResponseBytes,
			@DefaultValue("3") int maxRedirects) {
	}

	/**
	 * @param url the search endpoint with a {@code {query}} placeholder, e.g.
	 * {@code https://search.example/api?q={query}}; empty when not configured
	 * @param apiKey a secret reference ({@code secret://search-key}) sent in {@code apiKeyHeader}
	 * @param apiKeyHeader header for the key; {@code Authorization} sends {@code Bearer <key>}
	 */
	public record Search(@DefaultValue("") String url, @DefaultValue("") String apiKey,
			@DefaultValue("Authorization") String apiKeyHeader) {
	}

	/** @param maxBytes largest file read or written */
	public record Files(@DefaultValue("1048576") long maxBytes) {
	}

	/** @param servers MCP servers by the name tool entities use in {@code implementation.mcp.server} */
	public record Mcp(@DefaultValue Map<String, McpServer> servers, @DefaultValue("30s") Duration requestTimeout) {
	}

	/**
	 * @param transport {@code stdio} or {@code streamable-http}
	 * @param command for stdio: the program to start
	 * @param args for stdio: its arguments
	 * @param url for streamable HTTP: the server's base URL
	 * @param endpoint for streamable HTTP: the MCP endpoint path (default {@code /mcp})
	 */
	public record McpServer(@DefaultValue("stdio") String transport, String command, @DefaultValue List<String> args,
			String url, @DefaultValue("/mcp") String endpoint) {
	}

}
