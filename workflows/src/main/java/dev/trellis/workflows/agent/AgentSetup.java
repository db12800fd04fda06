package dev.trellis.workflows.agent;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.workflows.api.AgentRequest;
import dev.trellis.workflows.api.EntityVersion;
import dev.trellis.workflows.api.FailureTypes;
import dev.trellis.workflows.api.ToolSpec;
import io.temporal.failure.ApplicationFailure;

/**
 * What an agent node needs, read once from its pinned entities: the model, the rendered system
 * prompt, the tools by name, the memory entity and the merged policy. A reference the snapshot
 * lacks fails the node with a message naming it, because no retry can add it.
 */
record AgentSetup(String agentName, EntityVersion model, String systemPrompt, Map<String, EntityVersion> tools,
		List<ToolSpec> toolSpecs, EntityVersion memory, AgentPolicy policy) {

	private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.-]+)\\s*}}");

	static AgentSetup of(AgentRequest request) {
		EntityVersion agent = request.agent();
		JsonNode spec = agent.spec();
		Map<String, EntityVersion> entities = request.entities() == null ? Map.of() : request.entities();
		String who = "Agent '" + agent.name() + "' v" + agent.version();

		EntityVersion model = require(entities, "models", spec.path("model"), who, "model");
		String systemPrompt = "";
		if (spec.hasNonNull("systemPrompt")) {
			EntityVersion prompt = require(entities, "prompts", spec.path("systemPrompt"), who, "system prompt");
			systemPrompt = render(prompt.spec(), request.runInput());
		}
		Map<String, EntityVersion> tools = new LinkedHashMap<>();
		List<ToolSpec> specs = new ArrayList<>();
		for (JsonNode ref : spec.path("tools")) {
			EntityVersion tool = require(entities, "tools", ref, who, "tool");
			tools.put(tool.name(), tool);
			specs.add(new ToolSpec(tool.name(), tool.spec().path("description").asText(""),
					tool.spec().path("parameters")));
		}
		EntityVersion memory = spec.hasNonNull("memory")
				? require(entities, "memories", spec.path("memory"), who, "memory") : null;
		List<JsonNode> guardrails = new ArrayList<>();
		for (JsonNode ref : spec.path("guardrails")) {
			guardrails.add(require(entities, "guardrails", ref, who, "guardrail").spec());
		}
		return new AgentSetup(agent.name(), model, systemPrompt, Map.copyOf(tools), List.copyOf(specs), memory,
				AgentPolicy.of(spec, guardrails));
	}

	/**
	 * Fills {@code {{name}}} placeholders from the prompt's declared variables (their defaults) and
	 * the run input's top-level fields; unknown placeholders stay as written.
	 */
	static String render(JsonNode promptSpec, JsonNode runInput) {
		Map<String, String> values = new LinkedHashMap<>();
		JsonNode variables = promptSpec.path("variables");
		if (variables.isObject()) {
			for (Iterator<Map.Entry<String, JsonNode>> it = variables.fields(); it.hasNext();) {
				Map.Entry<String, JsonNode> e = it.next();
				JsonNode v = e.getValue();
				JsonNode fallback = v.isObject() ? v.path("default") : v;
				if (!fallback.isMissingNode() && !fallback.isNull() && !fallback.isContainerNode()) {
					values.put(e.getKey(), fallback.asText());
				}
			}
		}
		if (runInput != null && runInput.isObject()) {
			for (Iterator<Map.Entry<String, JsonNode>> it = runInput.fields(); it.hasNext();) {
				Map.Entry<String, JsonNode> e = it.next();
				values.put(e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
				values.put("inputs." + e.getKey(), values.get(e.getKey()));
			}
		}
		String template = promptSpec.path("template").asText("");
		Matcher m = VARIABLE.matcher(template);
		StringBuilder out = new StringBuilder();
		while (m.find()) {
			String value = values.get(m.group(1));
			m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
		}
		m.appendTail(out);
		return out.toString();
	}

	private static EntityVersion require(Map<String, EntityVersion> entities, String kind, JsonNode ref, String who,
			String what) {
		String name = ref.isTextual() ? ref.asText() : ref.path("name").asText("");
		int version = ref.path("version").asInt(0);
		EntityVersion found = entities.get(EntityVersion.key(kind, name, version));
		if (found == null) {
			// Snapshots key entities by kind/name@version; fall back to matching the fields in case
			// the caller keyed them otherwise.
			for (EntityVersion e : entities.values()) {
				if (kind.equals(e.kind()) && name.equals(e.name()) && (version == 0 || e.version() == version)) {
					found = e;
					break;
				}
			}
		}
		if (found == null) {
			throw ApplicationFailure.newNonRetryableFailure(
					who + " refers to " + what + " " + EntityVersion.key(kind, name, version)
							+ ", which the run snapshot does not contain",
					FailureTypes.NON_RETRYABLE);
		}
		return found;
	}

}
