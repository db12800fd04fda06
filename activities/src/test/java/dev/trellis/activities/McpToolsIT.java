package dev.trellis.activities;

import static dev.trellis.activities.support.AgentRuntime.newRunId;
import static dev.trellis.activities.support.AgentRuntime.openAiModel;
import static dev.trellis.activities.support.AgentRuntime.request;
import static dev.trellis.activities.support.ScriptedProvider.openAiText;
import static dev.trellis.activities.support.ScriptedProvider.openAiToolCalls;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.activities.support.AgentRuntime;
import dev.trellis.activities.support.McpFixtureServer;
import dev.trellis.activities.support.ScriptedProvider;
import dev.trellis.workflows.api.AgentResult;
import dev.trellis.workflows.api.EntityVersion;
import dev.trellis.workflows.api.ToolActivities;
import dev.trellis.workflows.api.ToolCall;
import dev.trellis.workflows.api.ToolResult;
import io.temporal.activity.ActivityOptions;
import io.temporal.testing.TestActivityEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code mcp} tools against a real MCP server process ({@link McpFixtureServer}) through the MCP
 * Java SDK client that Spring AI's MCP support uses: over stdio, where the worker starts the
 * server itself, and over streamable HTTP. Tool entities name the server as the registry accepts
 * it (a command line or a URL); the worker runs only servers it lists.
 */
class McpToolsIT {

	private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

	/** The test classpath holds the fixture server and the SDK it is built on. */
	private static final String CLASSPATH = System.getProperty("java.class.path");

	private static final String FIXTURE = McpFixtureServer.class.getName();

	private static final Path SERVER_LOG = Path.of("target", "mcp-fixture-http.log");

	private static Process httpServer;

	private static String httpUrl;

	private static AgentRuntime runtime;

	private static TestActivityEnvironment activities;

	private static ToolActivities tools;

	@BeforeAll
	static void start() throws Exception {
		Path portFile = Files.createTempDirectory("mcp-fixture").resolve("port");
		httpServer = new ProcessBuilder(JAVA, "-Xmx128m", "-cp", CLASSPATH, FIXTURE, "http", portFile.toString())
			.redirectErrorStream(true)
			.redirectOutput(SERVER_LOG.toFile())
			.start();
		httpUrl = "http://127.0.0.1:" + awaitPort(portFile) + "/mcp";
		runtime = new AgentRuntime(Map.of(
				"trellis.tools.mcp.servers.fixture.transport", "stdio",
				"trellis.tools.mcp.servers.fixture.command", JAVA,
				"trellis.tools.mcp.servers.fixture.args", "-Xmx128m,-cp," + CLASSPATH + "," + FIXTURE,
				"trellis.tools.mcp.servers.remote.transport", "streamable-http",
				"trellis.tools.mcp.servers.remote.url", httpUrl.replace("/mcp", ""),
				"trellis.tools.mcp.servers.remote.endpoint", "/mcp"));
		activities = TestActivityEnvironment.newInstance();
		activities.registerActivitiesImplementations(runtime.context.getBean(ToolActivities.class));
		tools = activities.newActivityStub(ToolActivities.class,
				ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(60)).build());
	}

	@AfterAll
	static void stop() {
		if (activities != null) {
			activities.close();
		}
		if (runtime != null) {
			runtime.close();
		}
		if (httpServer != null) {
			httpServer.destroyForcibly();
		}
	}

	@Test
	void agentCallsAStdioMcpToolNamedByItsCommandLineAndReadsTheResult() {
		EntityVersion add = mcpTool("add", String.join(" ", JAVA, "-Xmx128m", "-cp", CLASSPATH, FIXTURE), "stdio");
		try (ScriptedProvider stub = new ScriptedProvider()) {
			stub.then(openAiToolCalls(30, 5, new String[] { "call_1", "add", "{\"a\": 2, \"b\": 3}" }))
				.then(openAiText("2 + 3 = 5", 40, 5));
			AgentResult result = runtime.run(request(newRunId(), openAiModel(stub), "Add 2 and 3.", null, "",
					List.of(add)));

			assertThat(result.output().asText()).isEqualTo("2 + 3 = 5");
			JsonNode messages = stub.body(1).path("messages");
			JsonNode toolMessage = messages.get(messages.size() - 1);
			assertThat(toolMessage.path("role").asText()).isEqualTo("tool");
			assertThat(toolMessage.path("content").asText()).isEqualTo("5 via stdio");
			assertThat(stub.body(0).path("tools").get(0).path("function").path("name").asText()).isEqualTo("add");
		}
	}

	@Test
	void streamableHttpServerNamedByItsUrlRunsTheTool() {
		ToolResult result = call(mcpTool("add", httpUrl, "http"), "{\"a\": 4, \"b\": 3.5}");

		assertThat(result.error()).isNull();
		assertThat(result.output().asText()).isEqualTo("7.5 via http");
		assertThat(call(mcpTool("add", "remote", "http"), "{\"a\": 1, \"b\": 1}").output().asText())
			.as("a listed server may also be named by its name").isEqualTo("2 via http");
	}

	@Test
	void toolErrorsAndUnlistedServersComeBackToTheModelAsCorrectiveMessages() {
		ToolResult failed = call(mcpTool("fail", "fixture", "stdio"), "{}");
		assertThat(failed.error().type()).isEqualTo("ToolError");
		assertThat(failed.error().message()).contains("the fixture always fails");

		ToolResult unlisted = call(mcpTool("add", "npx -y @modelcontextprotocol/server-everything", "stdio"),
				"{\"a\": 1, \"b\": 2}");
		assertThat(unlisted.error().type()).isEqualTo("NotConfigured");
		assertThat(unlisted.error().message()).contains("not configured on this worker", "trellis.tools.mcp.servers");
		assertThat(call(mcpTool("add", "http://127.0.0.1:1/mcp", "http"), "{\"a\": 1, \"b\": 2}").error().type())
			.isEqualTo("NotConfigured");
	}

	private static ToolResult call(EntityVersion tool, String args) {
		return tools.execute(new ToolCall("run-mcp", "node", "node:" + System.nanoTime(), tool, AgentRuntime.json(args)));
	}

	/** A tool entity as the registry stores it: server, transport and the MCP tool's name. */
	private static EntityVersion mcpTool(String tool, String server, String transport) {
		var spec = AgentRuntime.JSON.createObjectNode()
			.put("description", "The fixture's " + tool + " tool")
			.put("permission", "read");
		spec.set("parameters", AgentRuntime.json("""
				{"type": "object", "properties": {"a": {"type": "number"}, "b": {"type": "number"}}}"""));
		spec.putObject("implementation").putObject("mcp").put("server", server).put("transport", transport).put("tool",
				tool);
		return AgentRuntime.entity("tools", tool, spec);
	}

	private static int awaitPort(Path portFile) throws IOException, InterruptedException {
		Instant deadline = Instant.now().plusSeconds(60);
		while (Instant.now().isBefore(deadline)) {
			if (Files.exists(portFile)) {
				return Integer.parseInt(Files.readString(portFile).trim());
			}
			if (!httpServer.isAlive()) {
				throw new IllegalStateException("the MCP fixture server exited with " + httpServer.exitValue()
						+ "; see " + SERVER_LOG.toAbsolutePath());
			}
			Thread.sleep(100);
		}
		throw new IllegalStateException("the MCP fixture server did not listen within 60 s");
	}

}
