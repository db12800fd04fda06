package dev.trellis.workflows.agent;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.workflows.api.OutputRules;
import dev.trellis.workflows.api.PiiRules;

/**
 * The limits and guardrails one agent node runs under, merged from the agent spec and its pinned
 * guardrail entities. Where both set a limit, the stricter one wins.
 *
 * @param maxSteps model calls allowed before the node fails with {@code MaxStepsExceeded}
 * @param tokenBudget input plus output tokens allowed for the node; 0 for none
 * @param budgetNeedsApproval on exceeding the budget, ask a reviewer (when the run hosts approvals)
 * instead of failing
 * @param maxIdenticalToolCalls the Nth identical tool call (same name, same canonical arguments)
 * stops the loop
 * @param reinjectGoalEvery repeat the original task to the model every N model calls; 0 for never
 * @param continueAsNewEvery model calls per workflow run before continuing as new (history stays
 * small even when Temporal does not suggest it yet)
 * @param maskPii mask personal data before it reaches an external provider
 * @param pii which kinds of personal data to mask, and with what
 * @param approvalPermissions tool permission levels that need a reviewer ({@code destructive} always)
 * @param approvalAssignees who reviews gated calls ({@code group:editors}, user names)
 * @param llmMaxAttempts attempts of one model call before the node fails
 * @param output what the final answer must satisfy: the agent's {@code outputSchema} and its
 * {@code json_schema} and {@code blocked_terms} guardrails
 */
record AgentPolicy(int maxSteps, long tokenBudget, boolean budgetNeedsApproval, int maxIdenticalToolCalls,
		int reinjectGoalEvery, int continueAsNewEvery, boolean maskPii, PiiRules pii, Set<String> approvalPermissions,
		List<String> approvalAssignees, int llmMaxAttempts, OutputRules output) {

	static final int DEFAULT_MAX_STEPS = 8;

	static final int DEFAULT_MAX_IDENTICAL_TOOL_CALLS = 3;

	static final int DEFAULT_REINJECT_GOAL_EVERY = 5;

	static final int DEFAULT_CONTINUE_AS_NEW_EVERY = 40;

	static final int DEFAULT_LLM_MAX_ATTEMPTS = 6;

	static AgentPolicy of(JsonNode agentSpec, List<JsonNode> guardrailSpecs) {
		int maxSteps = positive(agentSpec.path("maxSteps"), DEFAULT_MAX_STEPS);
		long budget = Math.max(0, agentSpec.path("tokenBudget").asLong(0));
		boolean budgetApproval = false;
		int identical = positive(agentSpec.path("maxIdenticalToolCalls"), DEFAULT_MAX_IDENTICAL_TOOL_CALLS);
		int reinject = agentSpec.has("reinjectGoalEvery") ? Math.max(0, agentSpec.path("reinjectGoalEvery").asInt())
				: DEFAULT_REINJECT_GOAL_EVERY;
		int continueEvery = positive(agentSpec.path("continueAsNewEvery"), DEFAULT_CONTINUE_AS_NEW_EVERY);
		int llmAttempts = positive(agentSpec.path("llmRetry").path("maxAttempts"), DEFAULT_LLM_MAX_ATTEMPTS);
		boolean maskPii = false;
		PiiRules pii = PiiRules.ALL;
		Set<String> permissions = new LinkedHashSet<>(List.of("destructive"));
		List<String> assignees = new ArrayList<>();
		List<JsonNode> schemas = new ArrayList<>();
		List<String> termsIgnoringCase = new ArrayList<>();
		List<String> termsExact = new ArrayList<>();
		if (agentSpec.path("outputSchema").isObject()) {
			schemas.add(agentSpec.path("outputSchema"));
		}
		for (JsonNode g : guardrailSpecs) {
			JsonNode s = g.path("settings");
			switch (g.path("kind").asText("")) {
				case "max_steps" -> {
					if (s.has("maxSteps")) {
						maxSteps = Math.min(maxSteps, positive(s.path("maxSteps"), maxSteps));
					}
					if (s.has("maxIdenticalToolCalls")) {
						identical = Math.min(identical, positive(s.path("maxIdenticalToolCalls"), identical));
					}
					if (s.has("reinjectGoalEvery")) {
						reinject = Math.max(0, s.path("reinjectGoalEvery").asInt());
					}
				}
				case "token_budget" -> {
					long max = s.path("maxTokens").asLong(0);
					if (max > 0) {
						budget = budget == 0 ? max : Math.min(budget, max);
					}
					budgetApproval = "approval".equalsIgnoreCase(s.path("onExceed").asText("fail"));
				}
				case "pii_mask" -> {
					maskPii = s.path("enabled").asBoolean(true);
					List<String> entities = new ArrayList<>();
					s.path("entities").forEach(e -> entities.add(e.asText()));
					pii = new PiiRules(entities, s.hasNonNull("replacement") ? s.path("replacement").asText() : null);
				}
				case "require_approval_for" -> {
					JsonNode levels = s.has("permissions") ? s.path("permissions") : s.path("levels");
					levels.forEach(l -> permissions.add(l.asText().toLowerCase(Locale.ROOT)));
					s.path("assignees").forEach(a -> assignees.add(a.asText()));
				}
				case "json_schema" -> {
					if (s.path("schema").isObject()) {
						schemas.add(s.path("schema"));
					}
				}
				case "blocked_terms" -> {
					List<String> terms = s.path("caseSensitive").asBoolean(false) ? termsExact : termsIgnoringCase;
					s.path("terms").forEach(t -> {
						if (!t.asText().isEmpty()) {
							terms.add(t.asText());
						}
					});
				}
				default -> {
					// The registry accepts no other kind; an unknown one in an old snapshot changes nothing.
				}
			}
		}
		return new AgentPolicy(maxSteps, budget, budgetApproval, identical, reinject, continueEvery, maskPii, pii,
				Set.copyOf(permissions), List.copyOf(assignees), llmAttempts,
				new OutputRules(schemas, termsIgnoringCase, termsExact));
	}

	boolean needsApproval(String permission) {
		return approvalPermissions.contains(permission == null ? "read" : permission.toLowerCase(Locale.ROOT));
	}

	private static int positive(JsonNode node, int fallback) {
		int v = node.asInt(0);
		return v > 0 ? v : fallback;
	}

}
