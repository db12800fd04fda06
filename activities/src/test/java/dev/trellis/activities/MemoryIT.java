package dev.trellis.activities;

import static dev.trellis.activities.support.AgentRuntime.newRunId;
import static dev.trellis.activities.support.AgentRuntime.openAiModel;
import static dev.trellis.activities.support.AgentRuntime.request;
import static dev.trellis.activities.support.ScriptedProvider.openAiText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.activities.support.AgentRuntime;
import dev.trellis.activities.support.ScriptedProvider;
import dev.trellis.workflows.api.EntityVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Conversation memory across runs on a real Redis and PostgreSQL: the second run of a session sees
 * the first, and after Redis loses everything the conversation comes back from PostgreSQL and is
 * cached again.
 */
class MemoryIT {

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
	void conversationContinuesAcrossRunsAndSurvivesARedisFlush() {
		EntityVersion memory = AgentRuntime.entity("memories", "chat",
				AgentRuntime.json("{\"kind\": \"conversation\", \"window\": 20, \"ttl\": \"1h\"}"));
		String fields = "\"memory\": {\"name\": \"chat\", \"version\": 1}";
		String session = "session-" + System.nanoTime();
		try (ScriptedProvider stub = new ScriptedProvider()) {
			stub.then(openAiText("Nice to meet you, Ana.", 10, 5))
				.then(openAiText("Your name is Ana.", 20, 5))
				.then(openAiText("Still Ana.", 30, 5));

			runtime.run(request(newRunId(), openAiModel(stub), "My name is Ana.", session, fields, List.of(), memory));
			runtime.run(request(newRunId(), openAiModel(stub), "What is my name?", session, fields, List.of(), memory));

			assertThat(contents(stub.body(1))).containsExactly("You are a careful assistant. Use tools when they help.",
					"My name is Ana.", "Nice to meet you, Ana.", "What is my name?");
			String key = "trellis:memory:assistant:" + session;
			assertThat(runtime.redis.getBucket(key).remainTimeToLive()).isPositive();

			runtime.redis.getKeys().flushall();
			assertThat(runtime.redis.getBucket(key).isExists()).isFalse();

			runtime.run(request(newRunId(), openAiModel(stub), "And now?", session, fields, List.of(), memory));
			assertThat(contents(stub.body(2))).containsSubsequence("My name is Ana.", "Your name is Ana.", "And now?");
			assertThat(runtime.redis.getBucket(key).isExists()).as("rehydrated into Redis").isTrue();
			Integer stored = runtime.jdbc.queryForObject(
					"SELECT jsonb_array_length(messages) FROM activities_memory WHERE session_id = ?", Integer.class, session);
			assertThat(stored).isEqualTo(6);
		}
	}

	private static List<String> contents(JsonNode body) {
		return StreamSupport.stream(body.path("messages").spliterator(), false)
			.map(m -> m.path("content").asText())
			.toList();
	}

	@Test
	void longTermMemoryWithoutAnAdapterFailsTheRunBeforeAnyModelCall() {
		EntityVersion memory = AgentRuntime.entity("memories", "facts",
				AgentRuntime.json("{\"kind\": \"long_term\", \"topK\": 3}"));
		try (ScriptedProvider stub = new ScriptedProvider()) {
			stub.then(openAiText("unused", 1, 1));
			assertThatThrownBy(() -> runtime.run(request(newRunId(), openAiModel(stub), "Plan the launch.", null,
					"\"memory\": {\"name\": \"facts\", \"version\": 1}", List.of(), memory)))
				.satisfies(e -> assertThat(AgentRuntime.applicationFailure(e).getOriginalMessage())
					.contains("long_term memory (vector recall) is not configured on this worker"));
			assertThat(stub.requests()).isEmpty();
		}
	}

}
