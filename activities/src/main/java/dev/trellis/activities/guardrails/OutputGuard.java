package dev.trellis.activities.guardrails;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.activities.tools.ArgumentValidator;
import dev.trellis.workflows.api.OutputRules;

/**
 * Checks an agent's final answer against its output rules ({@code json_schema} and
 * {@code blocked_terms} guardrails, the agent's {@code outputSchema}) and says what is wrong in
 * words the model can act on, since the agent loop hands these problems back to the model.
 *
 * <pre>{@code
 * List<String> problems = guard.check(request.output(), answer);   // empty: the answer stands
 * }</pre>
 */
public class OutputGuard {

	private final ArgumentValidator schemas;

	public OutputGuard(ArgumentValidator schemas) {
		this.schemas = schemas;
	}

	/** Why the answer breaks the rules; empty when it satisfies them all. */
	public List<String> check(OutputRules rules, String answer) {
		if (rules == null || rules.isEmpty()) {
			return List.of();
		}
		String text = answer == null ? "" : answer;
		List<String> problems = new ArrayList<>();
		JsonNode value = OutputRules.readAnswer(text);
		for (JsonNode schema : rules.schemas()) {
			List<String> mismatches = schemas.validateValue(schema, value);
			if (!mismatches.isEmpty()) {
				// The model cannot fix what it cannot see, so the schema travels with the mismatches.
				problems.add("the answer must be only JSON matching the schema " + schema + " but "
						+ String.join(", ", mismatches));
			}
		}
		String lower = text.toLowerCase(Locale.ROOT);
		for (String term : rules.termsIgnoringCase()) {
			if (lower.contains(term.toLowerCase(Locale.ROOT))) {
				problems.add(blocked(term));
			}
		}
		for (String term : rules.termsExact()) {
			if (text.contains(term)) {
				problems.add(blocked(term));
			}
		}
		return List.copyOf(problems);
	}

	private static String blocked(String term) {
		return "the answer contains the blocked term '" + term + "'; leave it out";
	}

}
