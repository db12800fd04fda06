package dev.trellis.activities;

import static dev.trellis.activities.support.AgentRuntime.CALCULATOR;
import static dev.trellis.activities.support.AgentRuntime.CURRENT_TIME;
import static dev.trellis.activities.support.AgentRuntime.SECRET;
import static dev.trellis.activities.support.AgentRuntime.applicationFailure;
import static dev.trellis.activities.support.AgentRuntime.newRunId;
import static dev.trellis.activities.support.AgentRuntime.openAiModel;
import static dev.trellis.activities.support.AgentRuntime.request;
import static dev.trellis.activities.support.ScriptedProvider.openAiText;
import static dev.trellis.activities.support.ScriptedProvider.openAiToolCalls;
import static dev.trellis.activities.support.ScriptedProvider.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.activities.support.AgentRuntime;
import dev.trellis.activities.support.ScriptedProvider;
import dev.trellis.workflows.api.AgentResult;
import dev.trellis.workflows.api.FailureTypes;
import dev.trellis.workflows.api.RunEvent;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Agent runs end to end through the real Spring AI OpenAI client against a scripted
 * OpenAI-compatible stub: tool loop, corrective messages, retries and their classification,
 * limits, tokens and cost, and no secret in history or logs.
 */
class AgentRuntimeIT {

	private static AgentRuntime runtime;

	private ScriptedProvider stub;

	@BeforeAll
	static void startRuntime() {
		AgentRuntime.debugLogging();
		runtime = new AgentRuntime();
	}

	@AfterAll
	static void stopRuntime() {
		runtime.close();
	}

	@BeforeEach
	void startStub() {
		stub = new ScriptedProvider();
	}

	@AfterEach
	void stopStub() {
		stub.close();
	}

	private static List<String> types(List<RunEvent> events) {
		return events.stream().map(RunEvent::type).toList();
	}

	@Test
	void twoToolReActRunFeedsToolResultsBackAndCountsTokensAndCost() {
		stub.then(openAiToolCalls(100, 10, new String[] { "call_1", "calculator", "{\"expression\": \"6*7\"}" }))
			.then(openAiToolCalls(150, 12, new String[] { "call_2", "current_time", "{\"timezone\": \"UTC\"}" }))
			.then(openAiText("The answer is 42.", 200, 20));
		String runId = newRunId();
		AgentResult result = runtime.run(request(runId, openAiModel(stub), "What is 6*7, and what time is it?", null,
				"\"maxSteps\": 5", List.of(CALCULATOR, CURRENT_TIME)));

		assertThat(result.output().asText()).isEqualTo("The answer is 42.");
		assertThat(result.steps()).isEqualTo(3);
		assertThat(result.tokens().input()).isEqualTo(450);
		assertThat(result.tokens().output()).isEqualTo(42);
		// 450/1000*0.5 + 42/1000*1.5
		assertThat(result.tokens().costUsd()).isCloseTo(0.288, within(1e-9));

		JsonNode second = stub.body(1);
		assertThat(second.path("stream").asBoolean()).isTrue();
		assertThat(second.path("tools")).extracting(t -> t.path("function").path("name").asText())
			.containsExactly("calculator", "current_time");
		JsonNode toolMessage = second.path("messages").get(3);
		assertThat(toolMessage.path("role").asText()).isEqualTo("tool");
		assertThat(toolMessage.path("tool_call_id").asText()).isEqualTo("call_1");
		assertThat(toolMessage.path("content").asText()).isEqualTo("42");
		assertThat(stub.requests().get(0).getHeaders().get("Authorization")).isEqualTo("Bearer " + SECRET);

		List<RunEvent> events = runtime.events.ofRun(runId);
		assertThat(types(events)).containsSubsequence("llm.request", "llm.response", "tool.call", "tool.result",
				"llm.request", "llm.response", "tool.call", "tool.result", "llm.request", "llm.delta", "llm.response");
		RunEvent last = runtime.events.ofRun(runId).stream().filter(e -> e.type().equals("llm.response")).toList().get(2);
		assertThat(last.data().path("tokens").path("input").asLong()).isEqualTo(200);
		assertThat(last.data().path("tokens").path("output").asLong()).isEqualTo(20);
		assertThat(last.data().path("model").asText()).isEqualTo("gpt-stub");
		assertThat(events).extracting(RunEvent::key).doesNotHaveDuplicates();
	}

	@Test
	void hallucinatedToolAndSchemaInvalidArgumentsGetCorrectiveMessagesAndTheRunCompletes() {
		stub.then(openAiToolCalls(50, 5, new String[] { "call_1", "calculate", "{\"expression\": \"1+1\"}" }))
			.then(openAiToolCalls(60, 5, new String[] { "call_2", "calculator", "{\"expr\": 2}" }))
			.then(openAiToolCalls(70, 5, new String[] { "call_3", "calculator", "{\"expression\": \"1+1\"}" }))
			.then(openAiText("2", 80, 1));
		AgentResult result = runtime.run(request(newRunId(), openAiModel(stub), "1+1?", null, "",
				List.of(CALCULATOR)));

		assertThat(result.output().asText()).isEqualTo("2");
		String unknown = lastToolContent(stub.body(1));
		assertThat(unknown).contains("UnknownTool", "no tool named 'calculate'", "Available tools: calculator");
		String invalid = lastToolContent(stub.body(2));
		assertThat(invalid).contains("InvalidArguments", "expression", "Call it again with corrected arguments");
		assertThat(lastToolContent(stub.body(3))).isEqualTo("2");
	}

	private static String lastToolContent(JsonNode body) {
		JsonNode messages = body.path("messages");
		return messages.get(messages.size() - 1).path("content").asText();
	}

	@Test
	void rateLimitWithRetryAfterIsRetriedAfterTheGivenDelay() {
		stub.then(status(429, "{\"error\": {\"message\": \"Rate limit reached\"}}", "Retry-After", "30"))
			.then(openAiText("fine", 10, 2));
		String runId = newRunId();
		long before = runtime.env.currentTimeMillis();
		AgentResult result = runtime.run(request(runId, openAiModel(stub), "hi", null, "", List.of()));
		long waited = runtime.env.currentTimeMillis() - before;

		assertThat(result.output().asText()).isEqualTo("fine");
		assertThat(stub.requests()).hasSize(2);
		assertThat(waited).as("workflow time between attempts honours Retry-After").isGreaterThanOrEqualTo(30_000);
		RunEvent retrying = runtime.events.ofRun(runId).stream().filter(e -> e.type().equals("node.retrying")).findFirst()
			.orElseThrow();
		assertThat(retrying.attempt()).isEqualTo(2);
		assertThat(retrying.data().path("error").asText()).contains("rate limited (HTTP 429)", "Rate limit reached");
	}

	@Test
	void serverErrorsAreRetriedWithBackoffUntilSuccess() {
		stub.then(status(500, "{\"error\": {\"message\": \"boom\"}}"))
			.then(status(503, "{\"error\": {\"message\": \"overloaded\"}}"))
			.then(openAiText("recovered", 10, 2));
		String runId = newRunId();
		AgentResult result = runtime.run(request(runId, openAiModel(stub), "hi", null, "", List.of()));

		assertThat(result.output().asText()).isEqualTo("recovered");
		assertThat(stub.requests()).hasSize(3);
		assertThat(runtime.events.ofRun(runId).stream().filter(e -> e.type().equals("node.retrying")))
			.extracting(RunEvent::attempt).containsExactly(2, 3);
	}

	@Test
	void unauthorizedFailsTheNodeAtOnceWithAReadableErrorAndNoSecretAnywhere() {
		stub.then(status(401, "{\"error\": {\"message\": \"Incorrect API key provided: " + SECRET
				+ ". You can find your API key at https://platform.openai.com/account/api-keys.\"}}"));
		String runId = newRunId();
		assertThatThrownBy(() -> runtime.run(request(runId, openAiModel(stub), "hi", null, "", List.of())))
			.isInstanceOf(WorkflowFailedException.class)
			.satisfies(e -> {
				ApplicationFailure f = applicationFailure(e);
				assertThat(f.getType()).isEqualTo(FailureTypes.NON_RETRYABLE);
				assertThat(f.getOriginalMessage()).contains("authentication failed (HTTP 401)", "secret://openai-key")
					.doesNotContain(SECRET);
			});
		assertThat(stub.requests()).hasSize(1);
		assertThat(runtime.historyText(runId)).contains("secret://openai-key").doesNotContain("TOPSECRET");
		assertThat(runtime.logText()).doesNotContain(SECRET).doesNotContain("TOPSECRET");
	}

	@Test
	void noSecretInHistoryEventsOrLogsOfASuccessfulToolRun() {
		stub.then(openAiToolCalls(10, 1, new String[] { "call_1", "calculator", "{\"expression\": \"2+2\"}" }))
			.then(openAiText("4", 10, 1));
		String runId = newRunId();
		runtime.run(request(runId, openAiModel(stub), "2+2?", null, "", List.of(CALCULATOR)));

		assertThat(stub.requests().get(0).getHeaders().get("Authorization")).contains(SECRET);
		assertThat(runtime.historyText(runId)).contains("secret://openai-key").doesNotContain("TOPSECRET");
		assertThat(runtime.events.ofRun(runId).toString()).doesNotContain("TOPSECRET");
		assertThat(runtime.logText()).doesNotContain("TOPSECRET");
	}

	@Test
	void theSameToolCallRepeatedIsStopped() {
		for (int i = 0; i < 3; i++) {
			stub.then(openAiToolCalls(10, 1, new String[] { "call_" + i, "calculator", "{\"expression\": \"1+1\"}" }));
		}
		assertThatThrownBy(() -> runtime.run(request(newRunId(), openAiModel(stub), "loop", null, "\"maxSteps\": 10",
				List.of(CALCULATOR))))
			.satisfies(e -> assertThat(applicationFailure(e).getType()).isEqualTo(FailureTypes.REPEATED_TOOL_CALL));
		assertThat(stub.requests()).hasSize(3);
	}

	@Test
	void maxStepsIsEnforced() {
		stub.then(openAiToolCalls(10, 1, new String[] { "a", "calculator", "{\"expression\": \"1\"}" }))
			.then(openAiToolCalls(10, 1, new String[] { "b", "calculator", "{\"expression\": \"2\"}" }));
		assertThatThrownBy(() -> runtime.run(request(newRunId(), openAiModel(stub), "go", null, "\"maxSteps\": 2",
				List.of(CALCULATOR))))
			.satisfies(e -> {
				ApplicationFailure f = applicationFailure(e);
				assertThat(f.getType()).isEqualTo(FailureTypes.MAX_STEPS);
				assertThat(f.getOriginalMessage()).contains("limit of 2 steps");
			});
		assertThat(stub.requests()).hasSize(2);
	}

	@Test
	void personalDataIsMaskedForTheProviderAndUnmaskedInTheAnswer() {
		stub.then(openAiText("I will write to [EMAIL_1] about card [CARD_1].", 10, 5));
		var pii = AgentRuntime.entity("guardrails", "pii", AgentRuntime.json("{\"kind\": \"pii_mask\"}"));
		AgentResult result = runtime.run(request(newRunId(), openAiModel(stub),
				"Email ana.silva@example.com about card 4111 1111 1111 1111.", null,
				"\"guardrails\": [{\"name\": \"pii\", \"version\": 1}]", List.of(), pii));

		String sent = stub.body(0).toString();
		assertThat(sent).contains("[EMAIL_1]", "[CARD_1]").doesNotContain("ana.silva@example.com")
			.doesNotContain("4111 1111 1111 1111");
		assertThat(result.output().asText())
			.isEqualTo("I will write to ana.silva@example.com about card 4111 1111 1111 1111.");
	}

	@Test
	void jsonSchemaGuardrailAsksForACorrectionAndTheCorrectedAnswerIsTheOutput() {
		stub.then(openAiText("Title: Durable agents", 40, 5)).then(openAiText("{\"title\": \"Durable agents\"}", 60, 8));
		var schema = AgentRuntime.entity("guardrails", "titled", AgentRuntime.json("""
				{"kind": "json_schema", "settings": {"schema": {"type": "object", "required": ["title"],
				  "properties": {"title": {"type": "string"}}}}}"""));
		String runId = newRunId();
		AgentResult result = runtime.run(request(runId, openAiModel(stub), "Give the article a title.", null,
				"\"guardrails\": [{\"name\": \"titled\", \"version\": 1}]", List.of(), schema));

		assertThat(result.output().path("title").asText()).isEqualTo("Durable agents");
		assertThat(result.steps()).isEqualTo(2);
		assertThat(result.tokens().input()).as("the refused answer was paid for too").isEqualTo(100);
		JsonNode messages = stub.body(1).path("messages");
		assertThat(messages.get(messages.size() - 2).path("content").asText()).isEqualTo("Title: Durable agents");
		assertThat(messages.get(messages.size() - 1).path("content").asText())
			.startsWith("Your answer was not accepted:")
			.contains("\"required\":[\"title\"]", "Reply again with the whole corrected answer");
		assertThat(runtime.events.ofRun(runId))
			.filteredOn(e -> e.type().equals("llm.response") && e.data().has("outputProblems"))
			.hasSize(1);
	}

	@Test
	void blockedTermsFailTheNodeWhenTheModelKeepsUsingThemAfterCorrections() {
		for (int i = 0; i < 3; i++) {
			stub.then(openAiText("The admin Password is in the vault.", 10, 5));
		}
		var blocked = AgentRuntime.entity("guardrails", "no-secrets", AgentRuntime.json(
				"{\"kind\": \"blocked_terms\", \"settings\": {\"terms\": [\"password\"], \"caseSensitive\": false}}"));
		assertThatThrownBy(() -> runtime.run(request(newRunId(), openAiModel(stub), "Where are the credentials?", null,
				"\"maxSteps\": 8, \"guardrails\": [{\"name\": \"no-secrets\", \"version\": 1}]", List.of(), blocked)))
			.satisfies(e -> {
				ApplicationFailure f = applicationFailure(e);
				assertThat(f.getType()).isEqualTo(FailureTypes.OUTPUT_GUARDRAIL);
				assertThat(f.getOriginalMessage()).contains("after 2 correction(s)", "blocked term 'password'");
			});
		assertThat(stub.requests()).as("the first answer and two corrections").hasSize(3);
		JsonNode messages = stub.body(1).path("messages");
		assertThat(messages.get(messages.size() - 1).path("content").asText())
			.contains("the answer contains the blocked term 'password'");
	}

	@Test
	void agentOutputSchemaFailsAtOnceWhenNoStepIsLeftToCorrect() {
		stub.then(openAiText("three", 10, 1));
		assertThatThrownBy(() -> runtime.run(request(newRunId(), openAiModel(stub), "Count to three.", null,
				"\"maxSteps\": 1, \"outputSchema\": {\"type\": \"array\"}", List.of())))
			.satisfies(e -> {
				ApplicationFailure f = applicationFailure(e);
				assertThat(f.getType()).isEqualTo(FailureTypes.OUTPUT_GUARDRAIL);
				assertThat(f.getOriginalMessage()).contains("breaks its output guardrails", "array")
					.doesNotContain("correction(s)");
			});
		assertThat(stub.requests()).hasSize(1);
	}

}
