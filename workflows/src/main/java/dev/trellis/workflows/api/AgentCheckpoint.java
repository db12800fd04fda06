package dev.trellis.workflows.api;

import java.util.List;
import java.util.Map;

/**
 * The loop state an agent workflow carries across continue-as-new. It travels through
 * {@link MemoryActivities} rather than as an argument, so the new run's history stays small.
 *
 * @param workflowId the agent workflow's id
 * @param runId the run that stored it (the new run finds it by its continued-from run id)
 * @param conversation the messages sent to the model so far
 * @param memoryBase the remembered history the turn started from (what {@code save} extends)
 * @param steps model calls made so far
 * @param tokens tokens and cost so far
 * @param toolCallCounts how often each identical tool call (name and canonical arguments) was made
 * @param tokenBudget the budget in force (it grows when a reviewer approves going over it)
 */
public record AgentCheckpoint(String workflowId, String runId, List<ChatMessage> conversation,
		List<ChatMessage> memoryBase, int steps, TokenUsage tokens, Map<String, Integer> toolCallCounts,
		long tokenBudget) {

	public AgentCheckpoint {
		conversation = conversation == null ? List.of() : List.copyOf(conversation);
		memoryBase = memoryBase == null ? List.of() : List.copyOf(memoryBase);
		toolCallCounts = toolCallCounts == null ? Map.of() : Map.copyOf(toolCallCounts);
		tokens = tokens == null ? TokenUsage.ZERO : tokens;
	}

}
