package dev.trellis.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.trellis.workflows.api.EntityVersion;
import dev.trellis.workflows.api.PipelineRef;
import dev.trellis.workflows.api.RunSnapshot;

/**
 * The pipelines the benchmarks run, as the registry would freeze them into a run snapshot: the
 * PipelineDefinition JSON of the canvas plus every pinned entity it needs.
 */
final class Pipelines {

	static final String ROOT = "root";

	static final String END = "end";

	static final ObjectMapper JSON = new ObjectMapper();

	private static final EntityVersion NOOP_TOOL = new EntityVersion("tools", "noop", 1, "sha256:bench-noop",
			JSON.createObjectNode().put("implementation", "builtin:noop").put("description", "does nothing"));

	private Pipelines() {
	}

	/** A pipeline with its pinned entities, ready to be turned into run snapshots. */
	record Pipeline(PipelineRef ref, JsonNode definition, Map<String, EntityVersion> entities, int nodes) {

		RunSnapshot snapshot(String runId) {
			return new RunSnapshot(runId, ref, definition, entities, JSON.createObjectNode(), "bench", Map.of());
		}

	}

	static EntityVersion noopTool() {
		return NOOP_TOOL;
	}

	static String chainNode(int i) {
		return "n" + i;
	}

	static String branch(int diamond, char side) {
		return "d" + diamond + side;
	}

	static String join(int diamond) {
		return "d" + diamond + "j";
	}

	/** {@code n0 → n1 → … → n(length-1)}, every node a no-op tool call. */
	static Pipeline chain(int length) {
		ObjectNode definition = JSON.createObjectNode();
		ArrayNode nodes = definition.putArray("nodes");
		ArrayNode edges = definition.putArray("edges");
		for (int i = 0; i < length; i++) {
			toolNode(nodes, chainNode(i));
			if (i > 0) {
				edge(edges, chainNode(i - 1), chainNode(i));
			}
		}
		return new Pipeline(new PipelineRef("bench-chain-" + length, 1), definition, entities(NOOP_TOOL), length);
	}

	/**
	 * {@code root → (d0a ‖ d0b) → d0j → (d1a ‖ d1b) → d1j → … → end}: {@code 3 × diamonds + 2} no-op
	 * tool nodes where every join waits for two parallel branches.
	 */
	static Pipeline diamonds(int diamonds) {
		ObjectNode definition = JSON.createObjectNode();
		ArrayNode nodes = definition.putArray("nodes");
		ArrayNode edges = definition.putArray("edges");
		toolNode(nodes, ROOT);
		String previous = ROOT;
		for (int d = 0; d < diamonds; d++) {
			for (String node : List.of(branch(d, 'a'), branch(d, 'b'))) {
				toolNode(nodes, node);
				edge(edges, previous, node);
				edge(edges, node, join(d));
			}
			toolNode(nodes, join(d));
			previous = join(d);
		}
		toolNode(nodes, END);
		edge(edges, previous, END);
		return new Pipeline(new PipelineRef("bench-diamonds-" + diamonds, 1), definition, entities(NOOP_TOOL),
				3 * diamonds + 2);
	}

	/**
	 * One agent node whose agent may call the no-op tool; the model is the scripted HTTP stub, which
	 * asks for the tool {@code toolRounds} times before it answers.
	 */
	static Pipeline agent() {
		EntityVersion model = new EntityVersion("models", "stub-model", 1, "sha256:bench-model",
				JSON.createObjectNode().put("provider", "openai").put("model", "stub"));
		ObjectNode agentSpec = JSON.createObjectNode();
		agentSpec.putObject("model").put("name", model.name()).put("version", model.version());
		agentSpec.putArray("tools").addObject().put("name", NOOP_TOOL.name()).put("version", NOOP_TOOL.version());
		EntityVersion agent = new EntityVersion("agents", "bench-agent", 1, "sha256:bench-agent", agentSpec);
		ObjectNode definition = JSON.createObjectNode();
		ObjectNode node = definition.putArray("nodes").addObject().put("id", "agent").put("type", "agent")
			.put("prompt", "Look the answer up, then answer.");
		node.putObject("agent").put("name", agent.name()).put("version", agent.version());
		definition.putArray("edges");
		return new Pipeline(new PipelineRef("bench-agent", 1), definition, entities(model, agent, NOOP_TOOL), 1);
	}

	private static void toolNode(ArrayNode nodes, String id) {
		ObjectNode node = nodes.addObject().put("id", id).put("type", "tool");
		node.putObject("tool").put("name", NOOP_TOOL.name()).put("version", NOOP_TOOL.version());
	}

	private static void edge(ArrayNode edges, String from, String to) {
		edges.addObject().put("from", from).put("to", to);
	}

	private static Map<String, EntityVersion> entities(EntityVersion... pinned) {
		Map<String, EntityVersion> entities = new LinkedHashMap<>();
		for (EntityVersion e : pinned) {
			entities.put(e.key(), e);
		}
		return entities;
	}

}
