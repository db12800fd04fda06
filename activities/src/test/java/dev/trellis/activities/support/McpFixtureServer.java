package dev.trellis.activities.support;

import java.io.File;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import dev.trellis.activities.tools.ArgumentValidator;
import dev.trellis.activities.tools.McpSchemaValidator;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;

/**
 * A small MCP server for tests, run as its own process so the worker's MCP client talks to a real
 * server over a real transport: {@code stdio} (the client starts it) or {@code http <port-file>}
 * (streamable HTTP on a free port, written to the file once it listens). Its tools:
 * <ul>
 * <li>{@code add {a, b}}: the sum and the transport it came through, as text;</li>
 * <li>{@code fail}: always reports a tool error ({@code isError: true}).</li>
 * </ul>
 */
public final class McpFixtureServer {

	private static final McpSchema.ServerCapabilities CAPABILITIES = McpSchema.ServerCapabilities.builder()
		.tools(false)
		.build();

	/** The SDK's default validator needs json-schema-validator 2.x; the module has 1.x (see McpSchemaValidator). */
	private static final McpSchemaValidator SCHEMAS = new McpSchemaValidator(new ArgumentValidator());

	private McpFixtureServer() {
	}

	public static void main(String[] args) throws Exception {
		boolean http = args.length > 0 && args[0].equals("http");
		// Over stdio, stdout is the protocol channel: before anything can log, everything else goes to stderr.
		PrintStream protocol = System.out;
		if (!http) {
			System.setOut(System.err);
		}
		McpJsonMapper json = McpJsonMapper.getDefault();
		if (http) {
			HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider
				.builder()
				.jsonMapper(json)
				.mcpEndpoint("/mcp")
				.build();
			McpServer.sync(transport)
				.serverInfo("trellis-fixture", "1")
				.capabilities(CAPABILITIES)
				.jsonSchemaValidator(SCHEMAS)
				.tools(tools(json, "http"))
				.build();
			serve(transport, new File(args[1]));
		}
		else {
			McpServer.sync(new StdioServerTransportProvider(json, System.in, protocol))
				.serverInfo("trellis-fixture", "1")
				.capabilities(CAPABILITIES)
				.jsonSchemaValidator(SCHEMAS)
				.tools(tools(json, "stdio"))
				.build();
			Thread.currentThread().join();
		}
	}

	private static List<SyncToolSpecification> tools(McpJsonMapper json, String transport) {
		McpSchema.Tool add = McpSchema.Tool.builder()
			.name("add")
			.description("Adds two numbers")
			.inputSchema(json, """
					{"type": "object", "properties": {"a": {"type": "number"}, "b": {"type": "number"}},
					 "required": ["a", "b"]}""")
			.build();
		McpSchema.Tool fail = McpSchema.Tool.builder()
			.name("fail")
			.description("Always fails")
			.inputSchema(json, "{\"type\": \"object\"}")
			.build();
		return List.of(SyncToolSpecification.builder().tool(add).callHandler((exchange, request) -> {
			Map<String, Object> a = request.arguments();
			double sum = ((Number) a.get("a")).doubleValue() + ((Number) a.get("b")).doubleValue();
			return McpSchema.CallToolResult.builder()
				.addTextContent(format(sum) + " via " + transport)
				.build();
		}).build(), SyncToolSpecification.builder().tool(fail).callHandler((exchange, request) -> McpSchema.CallToolResult
			.builder()
			.addTextContent("the fixture always fails")
			.isError(true)
			.build()).build());
	}

	private static String format(double value) {
		return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
	}

	/** Serves the transport servlet on a free port and tells the test which one. */
	private static void serve(HttpServletStreamableServerTransportProvider transport, File portFile) throws Exception {
		Tomcat tomcat = new Tomcat();
		tomcat.setBaseDir(Files.createTempDirectory("mcp-fixture").toString());
		tomcat.setPort(0);
		Context context = tomcat.addContext("", null);
		Tomcat.addServlet(context, "mcp", transport).setAsyncSupported(true);
		context.addServletMappingDecoded("/*", "mcp");
		tomcat.start();
		File partial = new File(portFile.getPath() + ".tmp");
		Files.writeString(partial.toPath(), String.valueOf(tomcat.getConnector().getLocalPort()));
		// Renamed into place so the test never reads a half-written file.
		Files.move(partial.toPath(), portFile.toPath());
		tomcat.getServer().await();
	}

}
