package dev.trellis.registry.spec;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.trellis.registry.Kind;

/**
 * An agent: a model, a system prompt, the tools it may call, optional memory and guardrails, and
 * the limits of its tool loop. Every reference is pinned to an exact version when saved.
 *
 * <pre>{@code
 * {"model": {"name": "gpt-4o-mini", "version": 3}, "systemPrompt": {"name": "researcher-system", "version": "latest"},
 *  "tools": [{"name": "calculator", "version": 1}], "memory": {"name": "chat", "version": 1},
 *  "guardrails": [{"name": "no-pii", "version": 1}], "maxSteps": 8, "tokenBudget": 20000,
 *  "outputSchema": {"type": "object", "properties": {"summary": {"type": "string"}}},
 *  "maxIdenticalToolCalls": 3, "reinjectGoalEvery": 4, "continueAsNewEvery": 50, "llmRetry": {"maxAttempts": 5}}
 * }</pre>
 */
final class AgentRules {

	/** The step limit an agent gets when its spec names none; stored explicitly so it never drifts. */
	static final int DEFAULT_MAX_STEPS = 8;

	static final int MAX_STEPS = 100;

	private static final Set<String> FIELDS = Set.of("model", "systemPrompt", "tools", "memory", "guardrails",
			"maxSteps", "tokenBudget", "outputSchema", "maxIdenticalToolCalls", "reinjectGoalEvery",
			"continueAsNewEvery", "llmRetry");

	private static final Set<String> LLM_RETRY = Set.of("maxAttempts");

	private AgentRules() {
	}

	static void check(JsonNode spec, SpecContext ctx) {
		Fields agent = Fields.of(spec, "", ctx, FIELDS);
		if (agent == null) {
			return;
		}
		agent.require("model", "systemPrompt");
		agent.reference("model", Kind.MODELS);
		agent.reference("systemPrompt", Kind.PROMPTS);
		agent.references("tools", Kind.TOOLS);
		agent.reference("memory", Kind.MEMORIES);
		agent.references("guardrails", Kind.GUARDRAILS);
		if (!agent.has("maxSteps")) {
			agent.node().set("maxSteps", IntNode.valueOf(DEFAULT_MAX_STEPS));
		}
		agent.integer("maxSteps", 1, MAX_STEPS);
		agent.integer("tokenBudget", 1, Integer.MAX_VALUE);
		agent.schema("outputSchema", false);
		// The loop's own limits, read by the runtime's AgentPolicy (guardrails can only tighten them).
		agent.integer("maxIdenticalToolCalls", 1, MAX_STEPS);
		agent.integer("reinjectGoalEvery", 0, MAX_STEPS);
		agent.integer("continueAsNewEvery", 1, 10_000);
		Fields llmRetry = agent.object("llmRetry", LLM_RETRY);
		if (llmRetry != null) {
			llmRetry.integer("maxAttempts", 1, 100);
		}
		checkDistinctNames(agent.get("tools"), agent.at("tools"), "tool", ctx);
		checkDistinctNames(agent.get("guardrails"), agent.at("guardrails"), "guardrail", ctx);
	}

	/** The model calls tools by name, so two versions of one tool in one agent would be ambiguous. */
	private static void checkDistinctNames(JsonNode refs, String path, String noun, SpecContext ctx) {
		if (refs == null || !refs.isArray()) {
			return;
		}
		Map<String, Integer> seen = new HashMap<>();
		for (int i = 0; i < refs.size(); i++) {
			String name = refs.get(i).path("name").asText(null);
			if (name == null) {
				continue;
			}
			Integer first = seen.putIfAbsent(name, i);
			if (first != null) {
				ctx.problem(path + "[" + i + "]",
						"the " + noun + " '" + name + "' is already listed at " + path + "[" + first + "]");
			}
		}
	}

}
