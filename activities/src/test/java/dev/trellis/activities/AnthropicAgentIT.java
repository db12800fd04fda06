package dev.trellis.activities;

import static dev.trellis.activities.support.AgentRuntime.CALCULATOR;
import static dev.trellis.activities.support.AgentRuntime.SECRET;
import static dev.trellis.activities.support.AgentRuntime.anthropicModel;
import static dev.trellis.activities.support.AgentRuntime.newRunId;
import static dev.trellis.activities.support.AgentRuntime.request;
import static dev.trellis.activities.support.ScriptedProvider.anthropicText;
import static dev.trellis.activities.support.ScriptedProvider.anthropicToolUse;
import static dev.trellis.activities.support.ScriptedProvider.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.activities.support.AgentRuntime;
import dev.trellis.activities.support.ScriptedProvider;
import dev.trellis.workflows.api.AgentResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The same loop through the real Spring AI Anthropic client against a scripted Anthropic-compatible stub. */
class AnthropicAgentIT {

	private static AgentRuntime runtime;

	@BeforeAll
	static void start() {
		runtime = new AgentRuntime();
	}

	@AfterAll
	static void stop() {
		runtime.close();
	}

	@Test
	void toolUseRoundTripThroughTheAnthropicClient() {
		try (ScriptedProvider stub = new ScriptedProvider()) {
			stub.then(anthropicToolUse("toolu_1", "calculator", "{\"expression\": \"12/4\"}", 40, 8))
				.then(anthropicText("It is 3.", 60, 4));
			AgentResult result = runtime.run(request(newRunId(), anthropicModel(stub), "12/4?", null, "",
					List.of(CALCULATOR)));

			assertThat(result.output().asText()).isEqualTo("It is 3.");
			assertThat(result.tokens().input()).isEqualTo(100);
			assertThat(result.tokens().output()).isEqualTo(12);
			assertThat(result.tokens().costUsd()).isCloseTo(100 / 1000.0 * 3.0 + 12 / 1000.0 * 15.0, within(1e-9));
			assertThat(stub.requests().get(0).getHeaders().get("x-api-key")).isEqualTo(SECRET);
			JsonNode second = stub.body(1);
			JsonNode toolResult = second.path("messages").get(2).path("content").get(0);
			assertThat(toolResult.path("type").asText()).isEqualTo("tool_result");
			assertThat(toolResult.path("tool_use_id").asText()).isEqualTo("toolu_1");
			assertThat(toolResult.path("content").asText()).isEqualTo("3");
		}
	}

	@Test
	void overloadedIsRetriedAndABadRequestIsNot() {
		try (ScriptedProvider stub = new ScriptedProvider()) {
			stub.then(status(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"))
				.then(anthropicText("ok", 5, 1));
			assertThat(runtime.run(request(newRunId(), anthropicModel(stub), "hi", null, "", List.of())).output().asText())
				.isEqualTo("ok");
			assertThat(stub.requests()).hasSize(2);
		}
		try (ScriptedProvider stub = new ScriptedProvider()) {
			stub.then(status(404, "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"model: claude-stub\"}}"));
			assertThatThrownBy(() -> runtime.run(request(newRunId(), anthropicModel(stub), "hi", null, "", List.of())))
				.hasStackTraceContaining("not found (HTTP 404)")
				.hasStackTraceContaining("model: claude-stub");
			assertThat(stub.requests()).hasSize(1);
		}
	}

}
