package dev.trellis.workflows.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * What an agent's final answer must satisfy, merged from its {@code json_schema} and
 * {@code blocked_terms} guardrails and its own {@code outputSchema}. The model-call activity checks
 * a final answer against these rules and reports the problems in
 * {@link LlmResponse#outputProblems()}; the agent loop then asks the model to correct its answer,
 * or fails the node.
 *
 * <pre>{@code
 * new OutputRules(List.of(schema), List.of("password"), List.of("ACME-internal"));
 * }</pre>
 *
 * @param schemas JSON Schemas the answer must match, every one of them. The answer is read the way
 * the node's output is: text that starts with {@code {} or {@code [} as JSON, anything else as a
 * JSON string
 * @param termsIgnoringCase terms the answer must not contain, in any letter case
 * @param termsExact terms the answer must not contain, exactly as written
 */
public record OutputRules(List<JsonNode> schemas, List<String> termsIgnoringCase, List<String> termsExact) {

	public static final OutputRules NONE = new OutputRules(List.of(), List.of(), List.of());

	private static final ObjectMapper JSON = new ObjectMapper();

	public OutputRules {
		schemas = schemas == null ? List.of() : List.copyOf(schemas);
		termsIgnoringCase = termsIgnoringCase == null ? List.of() : List.copyOf(termsIgnoringCase);
		termsExact = termsExact == null ? List.of() : List.copyOf(termsExact);
	}

	@JsonIgnore
	public boolean isEmpty() {
		return schemas.isEmpty() && termsIgnoringCase.isEmpty() && termsExact.isEmpty();
	}

	/**
	 * An answer as the node's output: a JSON object or array stays structured, so templates can read
	 * into it; anything else is a JSON string. Schemas are checked against exactly this value.
	 */
	public static JsonNode readAnswer(String answer) {
		String trimmed = answer == null ? "" : answer.trim();
		if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
			try {
				return JSON.readTree(trimmed);
			}
			catch (JsonProcessingException e) {
				// Not JSON after all: keep the text as written.
			}
		}
		return TextNode.valueOf(answer == null ? "" : answer);
	}

}
