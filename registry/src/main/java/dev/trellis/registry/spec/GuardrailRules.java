package dev.trellis.registry.spec;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A guardrail: one kind of check and its settings, which are validated per kind.
 *
 * <pre>{@code
 * {"kind": "pii_mask", "settings": {"entities": ["email", "phone"], "replacement": "[redacted]"}}
 * {"kind": "max_steps", "settings": {"maxSteps": 6, "maxIdenticalToolCalls": 2, "reinjectGoalEvery": 3}}
 * {"kind": "token_budget", "settings": {"maxTokens": 20000, "onExceed": "approval"}}
 * {"kind": "json_schema", "settings": {"schema": {"type": "object", "required": ["title"]}}}
 * {"kind": "blocked_terms", "settings": {"terms": ["password"], "caseSensitive": false}}
 * {"kind": "require_approval_for", "settings": {"permissions": ["write"], "assignees": ["group:editors"]}}
 * }</pre>
 *
 * Every setting accepted here is one the agent runtime acts on ({@code AgentPolicy} and the
 * output checks of the model-call activity), so no guardrail is stored only to be ignored.
 */
final class GuardrailRules {

	static final Set<String> KINDS = Set.of("pii_mask", "max_steps", "token_budget", "json_schema", "blocked_terms",
			"require_approval_for");

	static final Set<String> PII_ENTITIES = Set.of("email", "phone", "credit_card", "iban", "ip_address", "ssn");

	private static final Set<String> FIELDS = Set.of("kind", "settings");

	private GuardrailRules() {
	}

	static void check(JsonNode spec, SpecContext ctx) {
		Fields guardrail = Fields.of(spec, "", ctx, FIELDS);
		if (guardrail == null) {
			return;
		}
		guardrail.require("kind");
		String kind = guardrail.oneOf("kind", KINDS);
		if (kind == null) {
			return;
		}
		if (!"pii_mask".equals(kind)) {
			guardrail.require("settings");
		}
		switch (kind) {
			case "pii_mask" -> {
				Fields s = guardrail.object("settings", Set.of("entities", "replacement"));
				if (s != null) {
					s.strings("entities", PII_ENTITIES);
					s.text("replacement");
				}
			}
			case "max_steps" -> {
				Fields s = guardrail.object("settings", Set.of("maxSteps", "maxIdenticalToolCalls", "reinjectGoalEvery"));
				if (s != null) {
					s.require("maxSteps");
					s.integer("maxSteps", 1, AgentRules.MAX_STEPS);
					s.integer("maxIdenticalToolCalls", 1, AgentRules.MAX_STEPS);
					// 0 turns the reminder of the original task off.
					s.integer("reinjectGoalEvery", 0, AgentRules.MAX_STEPS);
				}
			}
			case "token_budget" -> {
				Fields s = guardrail.object("settings", Set.of("maxTokens", "onExceed"));
				if (s != null) {
					s.require("maxTokens");
					s.integer("maxTokens", 1, Integer.MAX_VALUE);
					s.oneOf("onExceed", Set.of("fail", "approval"));
				}
			}
			case "json_schema" -> {
				Fields s = settings(guardrail, "schema");
				if (s != null) {
					s.schema("schema", false);
				}
			}
			case "blocked_terms" -> {
				Fields s = guardrail.object("settings", Set.of("terms", "caseSensitive"));
				if (s != null) {
					s.require("terms");
					nonEmptyStrings(s, "terms", Set.of());
					s.bool("caseSensitive");
				}
			}
			default -> {
				Fields s = guardrail.object("settings", Set.of("permissions", "assignees"));
				if (s != null) {
					s.require("permissions");
					nonEmptyStrings(s, "permissions", ToolRules.PERMISSIONS);
					s.strings("assignees", Set.of());
				}
			}
		}
	}

	/** Reports an empty array as well as bad elements: an empty list would make the guardrail a no-op. */
	private static void nonEmptyStrings(Fields settings, String field, Set<String> values) {
		JsonNode value = settings.get(field);
		if (settings.strings(field, values).isEmpty() && value != null && value.isArray()) {
			settings.context().problem(settings.at(field), "must list at least one value");
		}
	}

	/** Settings made of exactly one required field. */
	private static Fields settings(Fields guardrail, String field) {
		Fields s = guardrail.object("settings", Set.of(field));
		if (s != null) {
			s.require(field);
		}
		return s;
	}

}
