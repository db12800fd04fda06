package dev.trellis.workflows.agent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.trellis.workflows.api.AgentCheckpoint;
import dev.trellis.workflows.api.AgentRequest;
import dev.trellis.workflows.api.ChatMessage;
import dev.trellis.workflows.api.EntityVersion;
import dev.trellis.workflows.api.LlmActivities;
import dev.trellis.workflows.api.LlmRequest;
import dev.trellis.workflows.api.LlmResponse;
import dev.trellis.workflows.api.MemoryActivities;
import dev.trellis.workflows.api.MemoryHistory;
import dev.trellis.workflows.api.MemoryKey;
import dev.trellis.workflows.api.TokenUsage;
import dev.trellis.workflows.api.ToolActivities;
import dev.trellis.workflows.api.ToolCall;
import dev.trellis.workflows.api.ToolInvocation;
import dev.trellis.workflows.api.ToolResult;

/**
 * Entities and scripted activities for agent workflow tests: the model's replies are a script, the
 * tools answer from a function, and memory is a map. They stand at the activity boundary only; the
 * workflow under test is the real one.
 */
final class AgentFixtures {

	static final ObjectMapper JSON = new ObjectMapper();

	private AgentFixtures() {
	}

	static JsonNode json(String text) {
		try {
			return JSON.readTree(text);
		}
		catch (Exception e) {
			throw new IllegalArgumentException(text, e);
		}
	}

	static EntityVersion entity(String kind, String name, String spec) {
		return new EntityVersion(kind, name, 1, "sha256:test", json(spec));
	}

	static EntityVersion tool(String name, String permission) {
		return entity("tools", name, """
				{"description": "the %s tool", "permission": "%s", "implementation": "builtin:%s",
				 "parameters": {"type": "object", "properties": {"x": {"type": "string"}}}}
				""".formatted(name, permission, name));
	}

	/** An agent request whose agent spec is {@code agentSpec} plus model and prompt refs. */
	static AgentRequest request(String agentSpec, String sessionId, EntityVersion... extra) {
		ObjectNode spec = (ObjectNode) json(agentSpec);
		spec.set("model", json("{\"name\": \"m\", \"version\": 1}"));
		spec.set("systemPrompt", json("{\"name\": \"p\", \"version\": 1}"));
		Map<String, EntityVersion> entities = new LinkedHashMap<>();
		EntityVersion model = entity("models", "m", """
				{"provider": "openai", "model": "gpt-test", "pricing": {"inputPer1k": 1.0, "outputPer1k": 2.0}}""");
		EntityVersion prompt = entity("prompts", "p", "{\"template\": \"You are careful about {{topic}}.\"}");
		entities.put(model.key(), model);
		entities.put(prompt.key(), prompt);
		for (EntityVersion e : extra) {
			entities.put(e.key(), e);
		}
		EntityVersion agent = new EntityVersion("agents", "researcher", 1, "sha256:agent", spec);
		return new AgentRequest("run1", "research", agent, entities, "Find the answer", sessionId,
				json("{\"topic\": \"maths\"}"));
	}

	static LlmResponse answer(String text) {
		return new LlmResponse(text, List.of(), new TokenUsage(100, 20, 0.14), "gpt-test", "stop");
	}

	static LlmResponse calls(ToolInvocation... invocations) {
		return new LlmResponse("", List.of(invocations), new TokenUsage(100, 20, 0.14), "gpt-test", "tool_calls");
	}

	static ToolInvocation call(String id, String tool, String args) {
		return new ToolInvocation(id, tool, json(args));
	}

	/** A model that replies from a script and records every request it got. */
	static final class ScriptedLlm implements LlmActivities {

		final List<LlmRequest> requests = new CopyOnWriteArrayList<>();

		private final List<LlmResponse> script = Collections.synchronizedList(new ArrayList<>());

		ScriptedLlm(LlmResponse... replies) {
			script.addAll(List.of(replies));
		}

		@Override
		public LlmResponse chat(LlmRequest request) {
			requests.add(request);
			if (request.callId().endsWith(":memory-summary")) {
				return answer("they talked about primes");
			}
			return script.isEmpty() ? answer("done") : script.remove(0);
		}

	}

	/** Tools that answer from a function and record every call. */
	static final class RecordingTools implements ToolActivities {

		final List<ToolCall> calls = new CopyOnWriteArrayList<>();

		private final Function<ToolCall, ToolResult> behaviour;

		RecordingTools(Function<ToolCall, ToolResult> behaviour) {
			this.behaviour = behaviour;
		}

		RecordingTools() {
			this(call -> new ToolResult(TextNode.valueOf(call.tool().name() + " ok"), null, 1));
		}

		@Override
		public ToolResult execute(ToolCall call) {
			calls.add(call);
			return behaviour.apply(call);
		}

	}

	/** Memory in a map, with checkpoints. */
	static final class MapMemory implements MemoryActivities {

		final Map<String, List<ChatMessage>> conversations = new ConcurrentHashMap<>();

		final Map<String, AgentCheckpoint> checkpoints = new ConcurrentHashMap<>();

		@Override
		public MemoryHistory load(MemoryKey key) {
			List<ChatMessage> m = conversations.get(key.scope() + "/" + key.sessionId());
			return new MemoryHistory(m, m == null ? "none" : "redis");
		}

		/** Recall queries, as {@code scope/session: query}. */
		final List<String> recalls = new CopyOnWriteArrayList<>();

		@Override
		public MemoryHistory recall(MemoryKey key, String query) {
			recalls.add(key.scope() + "/" + key.sessionId() + ": " + query);
			List<ChatMessage> m = conversations.get(key.scope() + "/" + key.sessionId());
			return new MemoryHistory(m, "long_term");
		}

		@Override
		public void save(MemoryKey key, List<ChatMessage> messages) {
			conversations.put(key.scope() + "/" + key.sessionId(), List.copyOf(messages));
		}

		@Override
		public void saveCheckpoint(AgentCheckpoint checkpoint) {
			checkpoints.put(checkpoint.workflowId() + "/" + checkpoint.runId(), checkpoint);
		}

		@Override
		public AgentCheckpoint loadCheckpoint(String workflowId, String runId) {
			return checkpoints.get(workflowId + "/" + runId);
		}

	}

}
