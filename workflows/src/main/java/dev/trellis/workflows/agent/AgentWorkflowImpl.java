package dev.trellis.workflows.agent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.workflows.api.AgentCheckpoint;
import dev.trellis.workflows.api.AgentRequest;
import dev.trellis.workflows.api.AgentResult;
import dev.trellis.workflows.api.AgentWorkflow;
import dev.trellis.workflows.api.ChatMessage;
import dev.trellis.workflows.api.DecisionRecord;
import dev.trellis.workflows.api.EntityVersion;
import dev.trellis.workflows.api.FailureTypes;
import dev.trellis.workflows.api.LlmRequest;
import dev.trellis.workflows.api.LlmResponse;
import dev.trellis.workflows.api.MemoryKey;
import dev.trellis.workflows.api.OutputRules;
import dev.trellis.workflows.api.PendingApproval;
import dev.trellis.workflows.api.TokenUsage;
import dev.trellis.workflows.api.ToolApprovalHost;
import dev.trellis.workflows.api.ToolCall;
import dev.trellis.workflows.api.ToolInvocation;
import dev.trellis.workflows.api.ToolResult;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.ContinueAsNewOptions;
import io.temporal.workflow.Workflow;

/**
 * The ReAct loop of one agent node: call the model; if it asks for tools, check each call
 * (known tool, not a loop, approved when its permission needs it), run it as its own activity and
 * feed the result back; repeat until the model answers. Limits: the agent's step limit, its token
 * budget, and repeated identical tool calls each stop the loop with a typed, readable failure.
 * Long loops continue as new, carrying their state through a checkpoint activity.
 */
public class AgentWorkflowImpl implements AgentWorkflow {

	/** What the model is told when a gated tool call cannot be put before a reviewer. */
	static final String DENIED_WITHOUT_GATE = "denied: this tool requires human approval, and approval for tool calls is not enabled yet";

	static final String GOAL_REMINDER = "Reminder of your original task (stay on it): ";

	static final String SUMMARISE_INSTRUCTIONS = "Summarise the following conversation in a few sentences. "
			+ "Keep names, facts, numbers, decisions and open questions; drop pleasantries.";

	/** Opens the message that asks the model to fix an answer its output guardrails refused. */
	static final String OUTPUT_CORRECTION = "Your answer was not accepted:";

	/**
	 * Corrections asked for per workflow run before the node fails: a model that cannot meet the
	 * rules after two hints is unlikely to meet them after more, and each try costs a model call.
	 */
	static final int MAX_OUTPUT_CORRECTIONS = 2;

	/** {@code Workflow.getVersion} change id: long-term memory is recalled even without a session. */
	static final String LONG_TERM_RECALL_CHANGE = "long-term-recall";

	private static final ObjectMapper JSON = new ObjectMapper();

	private AgentRequest request;

	private AgentSetup setup;

	private AgentCalls calls;

	private ToolApprovalGate gate;

	private MemoryKey memoryKey;

	private List<ChatMessage> conversation;

	private List<ChatMessage> memoryBase;

	private int steps;

	private int stepsThisRun;

	private TokenUsage tokens;

	private Map<String, Integer> toolCallCounts;

	private long tokenBudget;

	/** Not carried through a checkpoint: a continued run may ask for corrections afresh. */
	private int outputCorrections;

	@Override
	public AgentResult run(AgentRequest request) {
		this.request = request;
		this.setup = AgentSetup.of(request);
		this.calls = new AgentCalls(request.nodeId(), setup);
		this.gate = ParentToolApprovalGate.forCurrentRun();
		boolean hasSession = request.sessionId() != null && !request.sessionId().isBlank();
		if (setup.memory() != null && (hasSession || recallsWithoutSession())) {
			memoryKey = new MemoryKey(hasSession ? request.sessionId() : null, setup.agentName(), setup.memory());
		}
		if (!resumeFromCheckpoint()) {
			begin();
		}
		while (true) {
			if (stepsThisRun > 0 && (stepsThisRun >= setup.policy().continueAsNewEvery()
					|| Workflow.getInfo().isContinueAsNewSuggested())) {
				continueAsNew();
			}
			steps++;
			stepsThisRun++;
			int every = setup.policy().reinjectGoalEvery();
			if (every > 0 && steps > 1 && (steps - 1) % every == 0) {
				conversation.add(ChatMessage.user(GOAL_REMINDER + request.prompt()));
			}
			LlmResponse response = calls.chat("llm call " + steps,
					new LlmRequest(request.runId(), request.nodeId(), request.nodeId() + ":llm:" + steps, steps,
							setup.model(), conversation, setup.toolSpecs(), setup.policy().maskPii(),
							setup.policy().output(), setup.policy().pii()));
			tokens = tokens.plus(response.usage());
			enforceTokenBudget();
			if (!response.hasToolCalls()) {
				if (response.outputProblems().isEmpty()) {
					return finish(response.content());
				}
				askForCorrection(response);
				continue;
			}
			if (steps >= setup.policy().maxSteps()) {
				throw ApplicationFailure.newNonRetryableFailure("Agent '" + setup.agentName() + "' (node "
						+ request.nodeId() + ") reached its limit of " + setup.policy().maxSteps()
						+ " steps without a final answer; its last reply asked for "
						+ String.join(", ", response.toolCalls().stream().map(ToolInvocation::name).toList())
						+ ". Raise maxSteps or narrow the task.", FailureTypes.MAX_STEPS);
			}
			List<ToolInvocation> invocations = withIds(response.toolCalls());
			conversation.add(ChatMessage.assistant(response.content(), invocations));
			for (int i = 0; i < invocations.size(); i++) {
				ToolInvocation invocation = invocations.get(i);
				conversation.add(ChatMessage.tool(invocation.id(), invocation.name(), runTool(invocation, i)));
			}
		}
	}

	private void begin() {
		tokens = TokenUsage.ZERO;
		toolCallCounts = new HashMap<>();
		tokenBudget = setup.policy().tokenBudget();
		memoryBase = List.of();
		List<ChatMessage> remembered = List.of();
		if (memoryKey != null && isLongTerm()) {
			// Recalled for this task; the turn is added to long-term memory when the agent answers.
			remembered = calls.memory("memory recall").recall(memoryKey, request.prompt()).messages();
		}
		else if (memoryKey != null) {
			List<ChatMessage> history = calls.memory("memory load").load(memoryKey).messages();
			MemoryWindow window = new MemoryWindow(setup.memory().spec());
			if (window.needsSummary(history)) {
				LlmResponse summary = calls.chat("summarise memory",
						new LlmRequest(request.runId(), request.nodeId(), request.nodeId() + ":memory-summary", 0,
								setup.model(),
								List.of(ChatMessage.system(SUMMARISE_INSTRUCTIONS),
										ChatMessage.user(MemoryWindow.transcript(window.middle(history)))),
								List.of(), setup.policy().maskPii(), OutputRules.NONE, setup.policy().pii()));
				tokens = tokens.plus(summary.usage());
				history = window.compact(history, summary.content());
			}
			memoryBase = history;
			remembered = window.visible(history);
		}
		conversation = new ArrayList<>();
		if (!setup.systemPrompt().isBlank()) {
			conversation.add(ChatMessage.system(setup.systemPrompt()));
		}
		conversation.addAll(remembered);
		conversation.add(ChatMessage.user(request.prompt()));
	}

	private boolean isLongTerm() {
		return "long_term".equals(setup.memory().spec().path("kind").asText(""));
	}

	/**
	 * Long-term memory is not tied to a session: without one, the agent recalls from what it
	 * remembers outside any session. Runs that started before this went without memory, and replay so.
	 */
	private boolean recallsWithoutSession() {
		return isLongTerm() && Workflow.getVersion(LONG_TERM_RECALL_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1;
	}

	/** Restores the loop state when this run continues an earlier one of the same agent node. */
	private boolean resumeFromCheckpoint() {
		Optional<String> previous = Workflow.getInfo().getContinuedExecutionRunId();
		if (previous.isEmpty()) {
			return false;
		}
		AgentCheckpoint checkpoint = calls.memory("checkpoint load")
			.loadCheckpoint(Workflow.getInfo().getWorkflowId(), previous.get());
		if (checkpoint == null) {
			return false;
		}
		conversation = new ArrayList<>(checkpoint.conversation());
		memoryBase = checkpoint.memoryBase();
		steps = checkpoint.steps();
		tokens = checkpoint.tokens();
		toolCallCounts = new HashMap<>(checkpoint.toolCallCounts());
		tokenBudget = checkpoint.tokenBudget();
		return true;
	}

	private void continueAsNew() {
		calls.memory("checkpoint")
			.saveCheckpoint(new AgentCheckpoint(Workflow.getInfo().getWorkflowId(), Workflow.getInfo().getRunId(),
					conversation, memoryBase, steps, tokens, toolCallCounts, tokenBudget));
		ContinueAsNewOptions.Builder options = ContinueAsNewOptions.newBuilder();
		if (gate.available()) {
			// The memo is how this run knew its parent hosts approvals; the next run must know too.
			options.setMemo(Map.of(ToolApprovalHost.MEMO_KEY, ToolApprovalHost.MEMO_VALUE));
		}
		Workflow.continueAsNew(options.build(), request);
	}

	private AgentResult finish(String answer) {
		if (memoryKey != null) {
			List<ChatMessage> updated = new ArrayList<>(memoryBase);
			updated.add(ChatMessage.user(request.prompt()));
			updated.add(ChatMessage.assistant(answer));
			calls.memory("memory save").save(memoryKey, updated);
		}
		return new AgentResult(output(answer), steps, tokens, Workflow.getInfo().getAttempt());
	}

	/**
	 * The answer broke an output guardrail: show the model why and let it answer again, or fail the
	 * node when the corrections or the steps are used up. The refused answer never becomes output.
	 */
	private void askForCorrection(LlmResponse response) {
		List<String> problems = response.outputProblems();
		outputCorrections++;
		if (outputCorrections > MAX_OUTPUT_CORRECTIONS || steps >= setup.policy().maxSteps()) {
			throw ApplicationFailure.newNonRetryableFailure("Agent '" + setup.agentName() + "' (node "
					+ request.nodeId() + ") gave an answer that breaks its output guardrails"
					+ (outputCorrections > 1 ? " after " + (outputCorrections - 1) + " correction(s)" : "") + ": "
					+ String.join("; ", problems), FailureTypes.OUTPUT_GUARDRAIL);
		}
		conversation.add(ChatMessage.assistant(response.content()));
		conversation.add(ChatMessage.user(OUTPUT_CORRECTION + "\n- " + String.join("\n- ", problems)
				+ "\nReply again with the whole corrected answer and nothing else."));
	}

	private void enforceTokenBudget() {
		long used = tokens.input() + tokens.output();
		if (tokenBudget <= 0 || used <= tokenBudget) {
			return;
		}
		String over = "Agent '" + setup.agentName() + "' (node " + request.nodeId() + ") used " + used
				+ " tokens, over its budget of " + tokenBudget;
		if (setup.policy().budgetNeedsApproval()) {
			if (!gate.available()) {
				throw ApplicationFailure.newNonRetryableFailure(over + "; the token_budget guardrail asks for a "
						+ "reviewer's approval to go on, but this run does not host approvals", FailureTypes.TOKEN_BUDGET);
			}
			ObjectNode payload = JSON.createObjectNode()
				.put("agent", setup.agentName())
				.put("tokensUsed", used)
				.put("tokenBudget", tokenBudget)
				.put("reason", "token budget exceeded: approving grants the same budget again");
			DecisionRecord decision = gate.decide(approval("budget-" + steps, "token_budget",
					"Let agent " + setup.agentName() + " go over its token budget", payload, false));
			if (ToolApprovalGate.approved(decision)) {
				tokenBudget += setup.policy().tokenBudget();
				return;
			}
			throw ApplicationFailure.newNonRetryableFailure(over + "; the reviewer declined to extend it"
					+ comment(decision), FailureTypes.TOKEN_BUDGET);
		}
		throw ApplicationFailure.newNonRetryableFailure(over + ".", FailureTypes.TOKEN_BUDGET);
	}

	/** Runs one tool call and returns what the model is told about it. */
	private String runTool(ToolInvocation invocation, int index) {
		EntityVersion tool = setup.tools().get(invocation.name());
		if (tool == null) {
			return error("UnknownTool", "There is no tool named '" + invocation.name() + "'. Available tools: "
					+ String.join(", ", setup.tools().keySet().stream().sorted().toList())
					+ ". Call one of them by its exact name, or answer without a tool.");
		}
		String key = ToolCallKeys.of(tool.name(), invocation.arguments());
		int seen = toolCallCounts.merge(key, 1, Integer::sum);
		if (seen >= setup.policy().maxIdenticalToolCalls()) {
			throw ApplicationFailure.newNonRetryableFailure("Agent '" + setup.agentName() + "' (node "
					+ request.nodeId() + ") called tool '" + tool.name() + "' with the same arguments " + seen
					+ " times (" + ToolCallKeys.canonical(invocation.arguments())
					+ "); stopped because it is looping.", FailureTypes.REPEATED_TOOL_CALL);
		}
		JsonNode arguments = invocation.arguments();
		String permission = tool.spec().path("permission").asText("read");
		if (setup.policy().needsApproval(permission)) {
			if (!gate.available()) {
				return DENIED_WITHOUT_GATE;
			}
			ObjectNode payload = JSON.createObjectNode()
				.put("agent", setup.agentName())
				.put("tool", tool.name())
				.put("toolVersion", tool.version())
				.put("permission", permission)
				.put("reason", "destructive".equalsIgnoreCase(permission) ? "destructive tool"
						: "permission '" + permission + "' requires approval (require_approval_for guardrail)");
			payload.set("arguments", arguments);
			DecisionRecord decision = gate.decide(approval("s" + steps + "-" + index, "tool_call",
					"Approve " + tool.name() + " called by agent " + setup.agentName(), payload, true));
			if (!ToolApprovalGate.approved(decision)) {
				return denial(decision);
			}
			if (DecisionRecord.EDITED.equalsIgnoreCase(decision.status()) && decision.output() != null
					&& decision.output().isObject()) {
				// A reviewer may correct the arguments; the edited call is what runs.
				arguments = decision.output();
			}
		}
		String callId = request.nodeId() + ":s" + steps + ":t" + index;
		try {
			ToolResult result = calls
				.execute(new ToolCall(request.runId(), request.nodeId(), callId, tool, arguments));
			if (result.error() != null) {
				return error(result.error().type(), result.error().message());
			}
			JsonNode output = result.output();
			return output == null || output.isNull() ? "" : output.isTextual() ? output.asText() : output.toString();
		}
		catch (ActivityFailure f) {
			// The tool kept failing after its retries: the model hears about it and may try
			// something else; the node fails only if the model cannot recover.
			ApplicationFailure cause = AgentCalls.applicationCause(f);
			return error(cause != null ? cause.getType() : FailureTypes.TOOL_FAILED,
					cause != null ? cause.getOriginalMessage() : "the tool did not finish: " + f.getMessage());
		}
	}

	private PendingApproval approval(String suffix, String kind, String title, JsonNode payload, boolean allowEdit) {
		String id = request.runId() + "-" + request.nodeId() + "-" + suffix;
		return new PendingApproval(id, request.runId(), request.nodeId(), kind, title, payload,
				sha256(ToolCallKeys.canonical(payload)), setup.policy().approvalAssignees(),
				Instant.ofEpochMilli(Workflow.currentTimeMillis()), null, allowEdit);
	}

	/** Gives every call an id (small local models return none) so its answer can be matched to it. */
	private List<ToolInvocation> withIds(List<ToolInvocation> invocations) {
		List<ToolInvocation> out = new ArrayList<>(invocations.size());
		for (int i = 0; i < invocations.size(); i++) {
			ToolInvocation inv = invocations.get(i);
			out.add(inv.id() != null && !inv.id().isBlank() ? inv
					: new ToolInvocation("call_" + steps + "_" + i, inv.name(), inv.arguments()));
		}
		return out;
	}

	private static String error(String type, String message) {
		ObjectNode error = JSON.createObjectNode();
		error.putObject("error").put("type", type).put("message", message);
		return error.toString();
	}

	/** What the model hears when a gated call is not approved. */
	static String denial(DecisionRecord decision) {
		String status = decision.status() == null ? "" : decision.status();
		return switch (status) {
			case DecisionRecord.TIMED_OUT -> "denied: no reviewer decided in time";
			case DecisionRecord.CANCELLED -> "denied: the approval was cancelled";
			default -> "denied by reviewer: " + (decision.comment() == null ? "" : decision.comment());
		};
	}

	private static String comment(DecisionRecord decision) {
		return decision.comment() == null || decision.comment().isBlank() ? "." : ": " + decision.comment();
	}

	/** A final answer that is a JSON object or array stays structured, so templates can read into it. */
	static JsonNode output(String answer) {
		return OutputRules.readAnswer(answer);
	}

	private static String sha256(String text) {
		try {
			return "sha256:" + HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
		}
	}

}
