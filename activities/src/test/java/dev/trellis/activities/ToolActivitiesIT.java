package dev.trellis.activities;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

import dev.trellis.activities.support.AgentRuntime;
import dev.trellis.activities.support.RecordingEventSink;
import dev.trellis.activities.support.ScriptedProvider;
import dev.trellis.workflows.api.EntityVersion;
import dev.trellis.workflows.api.Limits;
import dev.trellis.workflows.api.ToolActivities;
import dev.trellis.workflows.api.ToolCall;
import dev.trellis.workflows.api.ToolResult;
import io.temporal.activity.ActivityOptions;
import io.temporal.testing.TestActivityEnvironment;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The tool activity as a worker runs it: validation, registry-defined HTTP tools with secrets, big outputs kept in PostgreSQL. */
class ToolActivitiesIT {

	private static AgentRuntime runtime;

	private static ToolActivities tools;

	private static TestActivityEnvironment activities;

	@BeforeAll
	static void start() {
		runtime = new AgentRuntime(Map.of("trellis.tools.http.allow-private-hosts", "127.0.0.1,localhost", "trellis.secrets.cms-token",
				"cms-TOPSECRET-token"));
		activities = TestActivityEnvironment.newInstance();
		activities.registerActivitiesImplementations(runtime.context.getBean(ToolActivities.class));
		tools = activities.newActivityStub(ToolActivities.class,
				ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build());
	}

	@AfterAll
	static void stop() {
		activities.close();
		runtime.close();
	}

	private static ToolResult call(EntityVersion tool, String args) {
		return tools.execute(new ToolCall("run-tools", "node", "node:" + System.nanoTime(), tool, AgentRuntime.json(args)));
	}

	@Test
	void invalidArgumentsComeBackAsACorrectiveErrorNotAFailure() {
		ToolResult result = call(AgentRuntime.CALCULATOR, "{\"expression\": 5}");
		assertThat(result.error()).isNotNull();
		assertThat(result.error().type()).isEqualTo("InvalidArguments");
		assertThat(result.error().message()).contains("expression", "string");
		assertThat(call(AgentRuntime.CALCULATOR, "{\"expression\": \"1/0\"}").error().message()).contains("division by zero");
	}

	@Test
	void outputLargerThanTheInlineLimitIsStoredAndReferenced() throws Exception {
		String big = "line of text\n".repeat(Limits.INLINE_OUTPUT_BYTES / 10);
		Files.writeString(runtime.workspace.resolve("big.txt"), big);
		EntityVersion read = AgentRuntime.entity("tools", "read_file", AgentRuntime.json("""
				{"permission": "read", "implementation": "builtin:read_file",
				 "parameters": {"type": "object", "properties": {"path": {"type": "string"}}, "required": ["path"]}}"""));
		ToolResult result = call(read, "{\"path\": \"big.txt\"}");

		String ref = result.output().path("$blobRef").asText();
		assertThat(ref).startsWith("blob_");
		assertThat(result.output().path("preview").asText()).hasSize(2048);
		String stored = runtime.jdbc.queryForObject("SELECT content FROM activities_blobs WHERE id = ?", String.class, ref);
		assertThat(AgentRuntime.json(stored).path("content").asText()).isEqualTo(big);
	}

	@Test
	void registryHttpToolFillsArgumentsAndResolvesSecretsWithoutEchoingThem() throws Exception {
		RecordingEventSink events = runtime.events;
		try (ScriptedProvider cms = new ScriptedProvider()) {
			cms.then(ScriptedProvider.status(201, "{\"id\": 7}"));
			EntityVersion publish = AgentRuntime.entity("tools", "publish", AgentRuntime.json("""
					{"permission": "write", "parameters": {"type": "object", "properties": {"title": {"type": "string"}}},
					 "implementation": {"http": {"method": "POST", "url": "%s/articles?title={{title}}",
					   "headers": {"Authorization": "Bearer {{secret://cms-token}}"}, "body": {"title": "{{title}}", "draft": true}}}}
					""".formatted(cms.url())));
			ToolResult result = call(publish, "{\"title\": \"Hello world & co\"}");

			assertThat(result.error()).isNull();
			assertThat(result.output().path("status").asInt()).isEqualTo(201);
			assertThat(result.output().path("body").path("id").asInt()).isEqualTo(7);
			RecordedRequest sent = cms.requests().get(0);
			assertThat(sent.getHeaders().get("Authorization")).isEqualTo("Bearer cms-TOPSECRET-token");
			assertThat(sent.getTarget()).isEqualTo("/articles?title=Hello%20world%20%26%20co");
			assertThat(AgentRuntime.json(sent.getBody().utf8()).path("draft").asBoolean()).isTrue();
			assertThat(result.toString()).doesNotContain("TOPSECRET");
			assertThat(events.events().toString()).doesNotContain("TOPSECRET");
		}
	}

}
