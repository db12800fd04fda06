package dev.trellis.activities.tools;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.trellis.workflows.api.FailureTypes;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.temporal.failure.ApplicationFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code mcp} tools through the MCP Java SDK client that Spring AI's MCP support is built on.
 * Servers must be listed in {@code trellis.tools.mcp.servers} (stdio or streamable HTTP), so a tool
 * entity can never make a worker start an arbitrary program or call an unlisted URL. A tool entity
 * names its server as the registry describes it, by the command line (stdio) or the URL (http), or
 * by the name it is listed under:
 *
 * <pre>{@code
 * {"mcp": {"server": "npx -y @modelcontextprotocol/server-filesystem /data", "transport": "stdio", "tool": "read_file"}}
 * {"mcp": {"server": "https://mcp.example/mcp", "transport": "http", "tool": "search"}}
 * {"mcp": {"server": "files", "transport": "stdio", "tool": "read_file"}}
 * }</pre>
 *
 * Clients are created on first use and kept for the process.
 */
class McpToolRunner implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(McpToolRunner.class);

	private static final ObjectMapper JSON = new ObjectMapper();

	private final ToolsProperties.Mcp settings;

	private final McpSchemaValidator schemas;

	private final Map<String, McpSyncClient> clients = new ConcurrentHashMap<>();

	McpToolRunner(ToolsProperties.Mcp settings, ArgumentValidator validator) {
		this.settings = settings;
		this.schemas = new McpSchemaValidator(validator);
	}

	JsonNode run(JsonNode mcp, JsonNode arguments) {
		String tool = mcp.path("tool").asText("");
		String server = listedName(mcp.path("server").asText(""));
		ToolsProperties.McpServer config = settings.servers().get(server);
		McpSyncClient client;
		McpSchema.CallToolResult result;
		try {
			client = clients.computeIfAbsent(server, name -> connect(name, config));
			@SuppressWarnings("unchecked")
			Map<String, Object> args = JSON.convertValue(arguments, Map.class);
			result = client.callTool(new McpSchema.CallToolRequest(tool, args));
		}
		catch (ToolRefusal r) {
			throw r;
		}
		catch (RuntimeException e) {
			McpSyncClient broken = clients.remove(server);
			if (broken != null) {
				broken.close();
			}
			throw ApplicationFailure.newFailure("MCP server '" + server + "' failed: " + e.getClass().getSimpleName()
					+ (e.getMessage() != null ? " " + e.getMessage() : ""), FailureTypes.TOOL_FAILED);
		}
		String text = text(result.content());
		if (Boolean.TRUE.equals(result.isError())) {
			throw new ToolRefusal("ToolError", "MCP tool '" + tool + "' reported an error: " + text);
		}
		if (result.structuredContent() != null) {
			return JSON.valueToTree(result.structuredContent());
		}
		if (result.content().size() == 1 && result.content().get(0) instanceof McpSchema.TextContent t) {
			return JSON.getNodeFactory().textNode(t.text());
		}
		ArrayNode out = JSON.createArrayNode();
		for (McpSchema.Content c : result.content()) {
			out.add(c instanceof McpSchema.TextContent t ? JSON.getNodeFactory().textNode(t.text())
					: JSON.valueToTree(c));
		}
		return out;
	}

	/**
	 * The name under which the tool's server is listed: the server itself when it is a name, else the
	 * listed stdio server with the same command line or the listed HTTP server with the same URL.
	 */
	private String listedName(String server) {
		if (settings.servers().containsKey(server)) {
			return server;
		}
		String wanted = normalise(server);
		for (Map.Entry<String, ToolsProperties.McpServer> e : settings.servers().entrySet()) {
			ToolsProperties.McpServer c = e.getValue();
			boolean same = isStdio(c) ? wanted.equals(normalise(commandLine(c)))
					: wanted.equals(normalise(c.url() + c.endpoint())) || wanted.equals(normalise(c.url()));
			if (same) {
				return e.getKey();
			}
		}
		throw new ToolRefusal("NotConfigured", "MCP server '" + server + "' is not configured on this worker: "
				+ "list it in trellis.tools.mcp.servers (under this name, or with the same command line or URL)");
	}

	private static boolean isStdio(ToolsProperties.McpServer config) {
		return "stdio".equals(config.transport());
	}

	private static String commandLine(ToolsProperties.McpServer config) {
		return config.command() == null ? "" : String.join(" ", Stream
			.concat(Stream.of(config.command()), config.args().stream())
			.toList());
	}

	/** Spacing and a trailing slash do not make a different server. */
	private static String normalise(String server) {
		String s = server == null ? "" : server.trim().replaceAll("\\s+", " ");
		return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
	}

	private McpSyncClient connect(String name, ToolsProperties.McpServer config) {
		McpClientTransport transport = switch (config.transport()) {
			case "stdio" -> {
				if (config.command() == null || config.command().isBlank()) {
					throw new ToolRefusal("NotConfigured", "MCP server '" + name + "' has no command configured");
				}
				yield new StdioClientTransport(ServerParameters.builder(config.command()).args(config.args()).build(),
						McpJsonMapper.getDefault());
			}
			case "streamable-http", "http" -> HttpClientStreamableHttpTransport.builder(config.url())
				.endpoint(config.endpoint())
				.build();
			default -> throw new ToolRefusal("NotConfigured",
					"MCP server '" + name + "' has unknown transport '" + config.transport() + "'");
		};
		Duration timeout = settings.requestTimeout();
		McpSyncClient client = McpClient.sync(transport)
			.requestTimeout(timeout)
			.initializationTimeout(timeout)
			.clientInfo(new McpSchema.Implementation("trellis", "1"))
			.jsonSchemaValidator(schemas)
			.build();
		client.initialize();
		log.info("Connected to MCP server '{}' over {}", name, config.transport());
		return client;
	}

	private static String text(List<McpSchema.Content> content) {
		StringBuilder sb = new StringBuilder();
		for (McpSchema.Content c : content) {
			if (c instanceof McpSchema.TextContent t) {
				sb.append(t.text());
			}
		}
		return sb.toString();
	}

	@Override
	public void close() {
		clients.values().forEach(McpSyncClient::close);
		clients.clear();
	}

}
