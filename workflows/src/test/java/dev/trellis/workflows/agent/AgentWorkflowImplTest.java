package dev.trellis.workflows.agent;

import static dev.trellis.workflows.agent.AgentFixtures.answer;
import static dev.trellis.workflows.agent.AgentFixtures.call;
import static dev.trellis.workflows.agent.AgentFixtures.calls;
import static dev.trellis.workflows.agent.AgentFixtures.entity;
import static dev.trellis.workflows.agent.AgentFixtures.request;
import static dev.trellis.workflows.agent.AgentFixtures.tool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.trellis.workflows.agent.AgentFixtures.MapMemory;
import dev.trellis.workflows.agent.AgentFixtures.RecordingTools;
import dev.trellis.workflows.agent.AgentFixtures.ScriptedLlm;
import dev.trellis.workflows.api.AgentRequest;
import dev.trellis.workflows.api.AgentResult;
import dev.trellis.workflows.api.AgentWorkflow;
import dev.trellis.workflows.api.ChatMessage;
import dev.trellis.workflows.api.DecisionRecord;
import dev.trellis.workflows.api.EntityVersion;
import dev.trellis.workflows.api.FailureTypes;
import dev.trellis.workflows.api.LlmRequest;
import dev.trellis.workflows.api.LlmResponse;
import dev.trellis.workflows.api.OutputRules;
import dev.trellis.workflows.api.TaskQueues;
import dev.trellis.workflows.api.TokenUsage;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The agent loop in Temporal's time-skipping test server, with the model, the tools and memory
 * scripted at the activity boundary.
 */
class AgentWorkflowImplTest {

	private TestWorkflowEnvironment env;

	private RecordingTools tools = new RecordingTools();

	private final MapMemory memory = new MapMemory();

	private ScriptedLlm start(ScriptedLlm llm) {
		env = TestWorkflowEnvironment.newInstance();
		Worker worker = env.newWorker(TaskQueues.MAIN);
		worker.registerWorkflowImplementationTypes(AgentWorkflowImpl.class, ApprovingParentWorkflow.class);
		worker.registerActivitiesImplementations(llm, tools, memory);
		env.start();
		return llm;
	}

	@AfterEach
	void stop() {
		if (env != null) {
			env.close();
		}
	}

	private AgentResult run(AgentRequest request) {
		return env.getWorkflowClient()
			.newWorkflowStub(AgentWorkflow.class,
					WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.MAIN).setWorkflowId("agent-test").build())
			.run(request);
	}

	private static ApplicationFailure failureOf(Throwable thrown) {
		for (Throwable t = thrown; t != null; t = t.getCause()) {
			if (t instanceof ApplicationFailure a) {
				return a;
			}
		}
		throw new AssertionError("no ApplicationFailure in " + thrown);
	}

	private static final EntityVersion CALC = tool("calculator", "read");

	private static final EntityVersion CLOCK = tool("current_time", "read");

	private static final String TOOLS = "\"tools\": [{\"name\": \"calculator\", \"version\": 1}, {\"name\": \"current_time\", \"version\": 1}]";

	@Test
	void twoToolRunFeedsResultsBackAndSumsTokens() {
		ScriptedLlm llm = start(new ScriptedLlm(calls(call("c1", "calculator", "{\"x\": \"2+3\"}")),
				calls(call("c2", "current_time", "{}")), answer("It is 5 o'clock")));
		AgentResult result = run(request("{" + TOOLS + "}", null, CALC, CLOCK));

		assertThat(result.output().asText()).isEqualTo("It is 5 o'clock");
		assertThat(result.steps()).isEqualTo(3);
		assertThat(result.tokens().input()).isEqualTo(300);
		assertThat(result.tokens().output()).isEqualTo(60);
		assertThat(result.tokens().costUsd()).isCloseTo(0.42, within(1e-9));
		assertThat(tools.calls).extracting(c -> c.tool().name()).containsExactly("calculator", "current_time");
		List<ChatMessage> last = llm.requests.get(2).messages();
		assertThat(last.get(0).content()).isEqualTo("You are careful about maths.");
		assertThat(last).filteredOn(m -> m.role().equals("tool")).extracting(ChatMessage::content)
			.containsExactly("calculator ok", "current_time ok");
		assertThat(llm.requests.get(0).tools()).extracting(t -> t.name()).containsExactly("calculator", "current_time");
	}

	@Test
	void unknownToolGetsCorrectiveMessageAndTheRunStillCompletes() {
		ScriptedLlm llm = start(new ScriptedLlm(calls(call("c1", "calculatr", "{}")), answer("ok")));
		AgentResult result = run(request("{" + TOOLS + "}", null, CALC, CLOCK));

		assertThat(result.output().asText()).isEqualTo("ok");
		assertThat(tools.calls).isEmpty();
		String corrective = llm.requests.get(1).messages().get(llm.requests.get(1).messages().size() - 1).content();
		assertThat(corrective).contains("UnknownTool", "no tool named 'calculatr'", "calculator, current_time");
	}

	@Test
	void stopsAtMaxStepsWithAReadableFailure() {
		start(new ScriptedLlm(calls(call("a", "calculator", "{\"x\": \"1\"}")),
				calls(call("b", "calculator", "{\"x\": \"2\"}")), calls(call("c", "calculator", "{\"x\": \"3\"}"))));
		assertThatThrownBy(() -> run(request("{\"maxSteps\": 3, " + TOOLS + "}", null, CALC, CLOCK)))
			.isInstanceOf(WorkflowFailedException.class)
			.satisfies(e -> {
				ApplicationFailure f = failureOf(e);
				assertThat(f.getType()).isEqualTo(FailureTypes.MAX_STEPS);
				assertThat(f.isNonRetryable()).isTrue();
				assertThat(f.getOriginalMessage()).contains("limit of 3 steps", "calculator");
			});
		assertThat(tools.calls).hasSize(2);
	}

	@Test
	void identicalToolCallRepeatedIsStopped() {
		start(new ScriptedLlm(calls(call("a", "calculator", "{\"x\": \"1\", \"y\": 2}")),
				calls(call("b", "calculator", "{\"y\": 2, \"x\": \"1\"}")),
				calls(call("c", "calculator", "{\"x\": \"1\", \"y\": 2}"))));
		assertThatThrownBy(() -> run(request("{" + TOOLS + "}", null, CALC, CLOCK))).satisfies(e -> {
			ApplicationFailure f = failureOf(e);
			assertThat(f.getType()).isEqualTo(FailureTypes.REPEATED_TOOL_CALL);
			assertThat(f.getOriginalMessage()).contains("same arguments 3 times", "looping");
		});
		assertThat(tools.calls).hasSize(2);
	}

	@Test
	void tokenBudgetExceededFailsTheNode() {
		start(new ScriptedLlm(calls(call("a", "calculator", "{\"x\": \"1\"}")), answer("never")));
		assertThatThrownBy(() -> run(request("{\"tokenBudget\": 150, " + TOOLS + "}", null, CALC, CLOCK)))
			.satisfies(e -> {
				ApplicationFailure f = failureOf(e);
				assertThat(f.getType()).isEqualTo(FailureTypes.TOKEN_BUDGET);
				assertThat(f.getOriginalMessage()).contains("used 240 tokens, over its budget of 150");
			});
	}

	@Test
	void budgetGuardrailAskingForApprovalFailsClearlyWithoutAHost() {
		EntityVersion budget = entity("guardrails", "budget",
				"{\"kind\": \"token_budget\", \"settings\": {\"maxTokens\": 100, \"onExceed\": \"approval\"}}");
		start(new ScriptedLlm(answer("too long")));
		assertThatThrownBy(() -> run(request(
				"{\"guardrails\": [{\"name\": \"budget\", \"version\": 1}], " + TOOLS + "}", null, CALC, CLOCK, budget)))
			.satisfies(e -> assertThat(failureOf(e).getOriginalMessage()).contains("does not host approvals"));
	}

	@Test
	void originalGoalIsReinjectedEveryNSteps() {
		ScriptedLlm llm = start(new ScriptedLlm(calls(call("a", "calculator", "{\"x\": \"1\"}")),
				calls(call("b", "calculator", "{\"x\": \"2\"}")), answer("done")));
		run(request("{\"reinjectGoalEvery\": 2, " + TOOLS + "}", null, CALC, CLOCK));

		List<ChatMessage> third = llm.requests.get(2).messages();
		assertThat(third.get(third.size() - 1).content())
			.isEqualTo(AgentWorkflowImpl.GOAL_REMINDER + "Find the answer");
		assertThat(llm.requests.get(1).messages()).noneMatch(m -> m.content().startsWith(AgentWorkflowImpl.GOAL_REMINDER));
	}

	@Test
	void destructiveToolIsDeniedWhenTheRunHostsNoApprovals() {
		EntityVersion delete = tool("delete_all", "destructive");
		ScriptedLlm llm = start(new ScriptedLlm(calls(call("a", "delete_all", "{}")), answer("could not")));
		run(request("{\"tools\": [{\"name\": \"delete_all\", \"version\": 1}]}", null, delete));

		assertThat(tools.calls).isEmpty();
		List<ChatMessage> second = llm.requests.get(1).messages();
		assertThat(second.get(second.size() - 1).content()).isEqualTo(AgentWorkflowImpl.DENIED_WITHOUT_GATE);
	}

	@Test
	void destructiveToolRunsWhenTheParentsReviewerApproves() {
		EntityVersion delete = tool("delete_all", "destructive");
		start(new ScriptedLlm(calls(call("a", "delete_all", "{}")), answer("deleted")));
		AgentResult result = parent(request("{\"tools\": [{\"name\": \"delete_all\", \"version\": 1}]}", null, delete),
				DecisionRecord.APPROVED, "fine");

		assertThat(result.output().asText()).isEqualTo("deleted");
		assertThat(tools.calls).hasSize(1);
	}

	@Test
	void rejectedToolCallTellsTheModelTheReviewersComment() {
		EntityVersion write = tool("write_file", "write");
		EntityVersion gate = entity("guardrails", "writes",
				"{\"kind\": \"require_approval_for\", \"settings\": {\"permissions\": [\"write\"]}}");
		ScriptedLlm llm = start(new ScriptedLlm(calls(call("a", "write_file", "{\"x\": \"a\"}")), answer("ok")));
		parent(request("{\"tools\": [{\"name\": \"write_file\", \"version\": 1}], "
				+ "\"guardrails\": [{\"name\": \"writes\", \"version\": 1}]}", null, write, gate),
				DecisionRecord.REJECTED, "not that file");

		assertThat(tools.calls).isEmpty();
		List<ChatMessage> second = llm.requests.get(1).messages();
		assertThat(second.get(second.size() - 1).content()).isEqualTo("denied by reviewer: not that file");
	}

	@Test
	void longLoopContinuesAsNewCarryingItsConversation() {
		ScriptedLlm llm = start(new ScriptedLlm(calls(call("a", "calculator", "{\"x\": \"1\"}")),
				calls(call("b", "calculator", "{\"x\": \"2\"}")), calls(call("c", "calculator", "{\"x\": \"3\"}")),
				answer("three")));
		AgentResult result = run(request("{\"continueAsNewEvery\": 2, \"maxSteps\": 8, " + TOOLS + "}", null, CALC,
				CLOCK));

		assertThat(result.steps()).isEqualTo(4);
		assertThat(result.tokens().input()).isEqualTo(400);
		assertThat(memory.checkpoints).hasSize(1);
		LlmRequest last = llm.requests.get(3);
		assertThat(last.messages()).filteredOn(m -> m.role().equals("tool")).hasSize(3);
		assertThat(last.step()).isEqualTo(4);
	}

	@Test
	void memoryIsLoadedSummarisedAndSaved() {
		EntityVersion mem = entity("memories", "chat",
				"{\"kind\": \"conversation\", \"window\": 2, \"summarizeAfter\": 4}");
		List<ChatMessage> past = List.of(ChatMessage.user("q1"), ChatMessage.assistant("a1"), ChatMessage.user("q2"),
				ChatMessage.assistant("a2"), ChatMessage.user("q3"), ChatMessage.assistant("a3"));
		memory.conversations.put("researcher/s1", past);
		ScriptedLlm llm = start(new ScriptedLlm(answer("a4")));
		run(request("{\"memory\": {\"name\": \"chat\", \"version\": 1}}", "s1", mem));

		assertThat(llm.requests.get(0).callId()).endsWith(":memory-summary");
		assertThat(llm.requests.get(0).messages().get(1).content()).contains("user: q2", "assistant: a2")
			.doesNotContain("q3");
		List<ChatMessage> sent = llm.requests.get(1).messages();
		assertThat(sent).extracting(ChatMessage::content)
			.containsExactly("You are careful about maths.", "q1",
					MemoryWindow.SUMMARY_PREFIX + "they talked about primes", "q3", "a3", "Find the answer");
		assertThat(memory.conversations.get("researcher/s1")).extracting(ChatMessage::content)
			.containsExactly("q1", MemoryWindow.SUMMARY_PREFIX + "they talked about primes", "q3", "a3",
					"Find the answer", "a4");
	}

	@Test
	void answerRefusedByOutputGuardrailsIsCorrectedAndTheCorrectionIsTheOutput() throws IOException {
		EntityVersion titled = entity("guardrails", "titled", """
				{"kind": "json_schema", "settings": {"schema": {"type": "object", "required": ["title"]}}}""");
		EntityVersion blocked = entity("guardrails", "no-secrets",
				"{\"kind\": \"blocked_terms\", \"settings\": {\"terms\": [\"password\"], \"caseSensitive\": true}}");
		LlmResponse refused = new LlmResponse("Title: Primes", List.of(), new TokenUsage(100, 20, 0.14), "gpt-test",
				"stop", List.of("the answer must be only JSON matching the schema"));
		ScriptedLlm llm = start(new ScriptedLlm(refused, answer("{\"title\": \"Primes\"}")));
		AgentResult result = run(request("{\"outputSchema\": {\"type\": \"object\"}, \"guardrails\": ["
				+ "{\"name\": \"titled\", \"version\": 1}, {\"name\": \"no-secrets\", \"version\": 1}]}", null,
				titled, blocked));

		assertThat(result.output().path("title").asText()).isEqualTo("Primes");
		assertThat(result.steps()).isEqualTo(2);
		OutputRules rules = llm.requests.get(0).output();
		assertThat(rules.schemas()).hasSize(2);
		assertThat(rules.termsExact()).containsExactly("password");
		assertThat(rules.termsIgnoringCase()).isEmpty();
		List<ChatMessage> second = llm.requests.get(1).messages();
		assertThat(second.get(second.size() - 2).content()).isEqualTo("Title: Primes");
		assertThat(second.get(second.size() - 1).content()).startsWith(AgentWorkflowImpl.OUTPUT_CORRECTION)
			.contains("the answer must be only JSON matching the schema");
		recordOnce("output-correction");
	}

	/**
	 * Writes the history of this test's run to the replay folder when it is missing: committed
	 * histories stand for runs in flight and are never re-recorded to make a replay pass.
	 */
	private void recordOnce(String name) throws IOException {
		Path file = AgentHistoryReplayTest.FOLDER.resolve(name + ".json");
		if (!Files.exists(file)) {
			Files.writeString(file, env.getWorkflowClient().fetchHistory("agent-test").toJson(true));
		}
	}

	@Test
	void longTermMemoryRecallsForTheTaskWithoutASessionAndRemembersTheTurn() throws IOException {
		EntityVersion mem = entity("memories", "facts", "{\"kind\": \"long_term\", \"topK\": 3}");
		memory.conversations.put("researcher/null", List.of(ChatMessage.user("q0"), ChatMessage.assistant("a0")));
		ScriptedLlm llm = start(new ScriptedLlm(answer("a1")));
		run(request("{\"memory\": {\"name\": \"facts\", \"version\": 1}}", null, mem));

		assertThat(memory.recalls).containsExactly("researcher/null: Find the answer");
		assertThat(llm.requests.get(0).messages()).extracting(ChatMessage::content)
			.containsExactly("You are careful about maths.", "q0", "a0", "Find the answer");
		assertThat(memory.conversations.get("researcher/null")).extracting(ChatMessage::content)
			.containsExactly("Find the answer", "a1");
	recordOnce("long-term-recall");
	}

	@Test
	void structuredFinalAnswerStaysJson() {
		start(new ScriptedLlm(answer("{\"title\": \"Primes\", \"score\": 3}")));
		AgentResult result = run(request("{}", null));
		assertThat(result.output().path("title").asText()).isEqualTo("Primes");
	}

	private AgentResult parent(AgentRequest request, String status, String comment) {
		return env.getWorkflowClient()
			.newWorkflowStub(ApprovingParent.class,
					WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.MAIN).setWorkflowId("parent-test").build())
			.run(request, status, comment);
	}

}
