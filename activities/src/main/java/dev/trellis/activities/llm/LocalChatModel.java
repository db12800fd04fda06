package dev.trellis.activities.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.kherud.llama.Pair;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.MessageType;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.definition.ToolDefinition;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * The {@code local} provider as a Spring AI {@link ChatModel}. A 135M model cannot be trusted to
 * follow a tool-calling convention, so its output is constrained by a grammar compiled from a JSON
 * schema: exactly one of {@code {"tool": <one of the offered names>, "arguments": <that tool's
 * schema>}} or {@code {"answer": "..."}}. Streaming emits the answer's text as it is decoded; the
 * last chunk carries the tool calls (if any), usage and the measured tokens per second.
 */
class LocalChatModel implements ChatModel {

	static final String TOKENS_PER_SECOND = "tokensPerSecond";

	private static final ObjectMapper JSON = new ObjectMapper();

	private final LocalModelEngine engine;

	LocalChatModel(LocalModelEngine engine) {
		this.engine = engine;
	}

	static ChatOptions options(int maxTokens, Double temperature, List<ToolCallback> tools) {
		return ToolCallingChatOptions.builder()
			.maxTokens(maxTokens)
			.temperature(temperature)
			.toolCallbacks(tools)
			.internalToolExecutionEnabled(false)
			.build();
	}

	@Override
	public ChatResponse call(Prompt prompt) {
		StringBuilder text = new StringBuilder();
		List<ChatResponse> chunks = stream(prompt).collectList().block();
		ChatResponse last = chunks.get(chunks.size() - 1);
		chunks.forEach(c -> text.append(c.getResult().getOutput().getText()));
		AssistantMessage out = AssistantMessage.builder()
			.content(text.toString())
			.toolCalls(last.getResult().getOutput().getToolCalls())
			.build();
		return new ChatResponse(List.of(new Generation(out, last.getResult().getMetadata())), last.getMetadata());
	}

	@Override
	public Flux<ChatResponse> stream(Prompt prompt) {
		List<ToolDefinition> tools = prompt.getOptions() instanceof ToolCallingChatOptions o && o.getToolCallbacks() != null
				? o.getToolCallbacks().stream().map(ToolCallback::getToolDefinition).toList() : List.of();
		int maxTokens = prompt.getOptions() != null && prompt.getOptions().getMaxTokens() != null
				? prompt.getOptions().getMaxTokens() : 256;
		Double temperature = prompt.getOptions() != null ? prompt.getOptions().getTemperature() : null;
		String system = systemText(prompt.getInstructions(), tools);
		List<Pair<String, String>> turns = turns(prompt.getInstructions());
		String grammar = LocalModelEngine.grammarFor(schema(tools).toString());
		return Flux.<ChatResponse>create(sink -> {
			AtomicBoolean cancelled = new AtomicBoolean();
			sink.onDispose(() -> cancelled.set(true));
			AnswerStreamDecoder decoder = new AnswerStreamDecoder();
			try {
				LocalModelEngine.Generation g = engine.generate(system, turns, grammar, maxTokens, temperature,
						piece -> {
							String delta = decoder.feed(piece);
							if (!delta.isEmpty()) {
								sink.next(chunk(AssistantMessage.builder().content(delta).build(), null, null));
							}
						}, cancelled::get);
				sink.next(finalChunk(g));
				sink.complete();
			}
			catch (RuntimeException e) {
				sink.error(e);
			}
		}).subscribeOn(Schedulers.boundedElastic());
	}

	private ChatResponse finalChunk(LocalModelEngine.Generation g) {
		ChatResponseMetadata metadata = ChatResponseMetadata.builder()
			.model("local:" + engine.path().getFileName())
			.usage(new DefaultUsage(g.promptTokens(), g.outputTokens()))
			.keyValue(TOKENS_PER_SECOND, g.tokensPerSecond())
			.build();
		JsonNode reply;
		try {
			reply = JSON.readTree(g.text());
		}
		catch (Exception e) {
			// Cut off by the token limit mid-JSON: what was decoded so far already streamed as text.
			return chunk(AssistantMessage.builder().content("").build(), metadata, "length");
		}
		if (reply.has("tool")) {
			JsonNode args = reply.path("arguments");
			AssistantMessage.ToolCall call = new AssistantMessage.ToolCall(null, "function",
					reply.path("tool").asText(), args.isMissingNode() ? "{}" : args.toString());
			return chunk(AssistantMessage.builder().content("").toolCalls(List.of(call)).build(), metadata,
					"tool_calls");
		}
		return chunk(AssistantMessage.builder().content("").build(), metadata, g.hitLimit() ? "length" : "stop");
	}

	private static ChatResponse chunk(AssistantMessage message, ChatResponseMetadata metadata, String finishReason) {
		ChatGenerationMetadata gm = finishReason == null ? ChatGenerationMetadata.NULL
				: ChatGenerationMetadata.builder().finishReason(finishReason).build();
		Generation generation = new Generation(message, gm);
		return metadata == null ? new ChatResponse(List.of(generation)) : new ChatResponse(List.of(generation), metadata);
	}

	/** The JSON schema the grammar is compiled from. */
	static ObjectNode schema(List<ToolDefinition> tools) {
		ObjectNode root = JSON.createObjectNode();
		ArrayNode oneOf = root.putArray("oneOf");
		for (ToolDefinition t : tools) {
			ObjectNode alt = oneOf.addObject().put("type", "object");
			ObjectNode props = alt.putObject("properties");
			props.putObject("tool").put("const", t.name());
			props.set("arguments", argumentsSchema(t.inputSchema()));
			alt.putArray("required").add("tool").add("arguments");
			alt.put("additionalProperties", false);
		}
		ObjectNode answer = oneOf.addObject().put("type", "object");
		answer.putObject("properties").putObject("answer").put("type", "string");
		answer.putArray("required").add("answer");
		answer.put("additionalProperties", false);
		return root;
	}

	private static JsonNode argumentsSchema(String inputSchema) {
		try {
			JsonNode schema = JSON.readTree(inputSchema);
			// Keep only what llama.cpp's schema-to-grammar converter understands well; a schema it
			// cannot compile falls back to "any object" and the tool activity validates instead.
			LocalModelEngine.grammarFor(schema.toString());
			return schema;
		}
		catch (Exception e) {
			return JSON.createObjectNode().put("type", "object");
		}
	}

	private static String systemText(List<Message> messages, List<ToolDefinition> tools) {
		StringBuilder sb = new StringBuilder();
		for (Message m : messages) {
			if (m.getMessageType() == MessageType.SYSTEM) {
				sb.append(m.getText()).append("\n\n");
			}
		}
		sb.append("Reply with exactly one JSON object and nothing else.\n");
		if (!tools.isEmpty()) {
			sb.append("To call a tool: {\"tool\": \"<name>\", \"arguments\": {...}}\nTools:\n");
			for (ToolDefinition t : tools) {
				sb.append("- ").append(t.name()).append(": ").append(t.description())
					.append(" Arguments schema: ").append(t.inputSchema()).append('\n');
			}
		}
		sb.append("To give your final answer: {\"answer\": \"<your answer>\"}");
		return sb.toString();
	}

	private static List<Pair<String, String>> turns(List<Message> messages) {
		List<Pair<String, String>> turns = new ArrayList<>();
		for (Message m : messages) {
			switch (m.getMessageType()) {
				case USER -> turns.add(new Pair<>("user", m.getText()));
				case ASSISTANT -> {
					AssistantMessage a = (AssistantMessage) m;
					if (a.hasToolCalls()) {
						for (AssistantMessage.ToolCall c : a.getToolCalls()) {
							turns.add(new Pair<>("assistant",
									"{\"tool\": " + JSON.valueToTree(c.name()) + ", \"arguments\": " + c.arguments() + "}"));
						}
					}
					else {
						turns.add(new Pair<>("assistant", JSON.createObjectNode().put("answer", a.getText()).toString()));
					}
				}
				case TOOL -> {
					for (ToolResponseMessage.ToolResponse r : ((ToolResponseMessage) m).getResponses()) {
						turns.add(new Pair<>("user", "Result of tool " + r.name() + ": " + r.responseData()));
					}
				}
				default -> {
					// System messages are folded into the system text above.
				}
			}
		}
		return turns;
	}

}
