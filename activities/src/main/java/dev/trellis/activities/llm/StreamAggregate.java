package dev.trellis.activities.llm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;

/**
 * Folds a provider's stream of chunks into one reply: the text deltas concatenated, the tool calls
 * (providers emit each completed call once; duplicates by id are dropped), the largest token counts
 * seen (providers report cumulative usage, some on the last chunk only), the finish reason and the
 * model name.
 */
final class StreamAggregate {

	private final StringBuilder text = new StringBuilder();

	private final Map<String, AssistantMessage.ToolCall> toolCalls = new LinkedHashMap<>();

	private final List<AssistantMessage.ToolCall> unnamedCalls = new ArrayList<>();

	private long inputTokens;

	private long outputTokens;

	private String finishReason;

	private String model;

	private Double tokensPerSecond;

	/** Adds a chunk; returns its text delta (empty when it has none). */
	String add(ChatResponse chunk) {
		String delta = "";
		if (chunk == null) {
			return delta;
		}
		for (Generation g : chunk.getResults()) {
			AssistantMessage out = g.getOutput();
			if (out == null) {
				continue;
			}
			if (out.getText() != null && !out.getText().isEmpty()) {
				delta = delta + out.getText();
			}
			for (AssistantMessage.ToolCall call : out.getToolCalls()) {
				if (call.id() == null || call.id().isBlank()) {
					unnamedCalls.add(call);
				}
				else {
					toolCalls.put(call.id(), call);
				}
			}
			if (g.getMetadata() != null && g.getMetadata().getFinishReason() != null
					&& !g.getMetadata().getFinishReason().isBlank()) {
				finishReason = g.getMetadata().getFinishReason();
			}
		}
		text.append(delta);
		ChatResponseMetadata metadata = chunk.getMetadata();
		if (metadata != null) {
			Usage usage = metadata.getUsage();
			if (usage != null) {
				inputTokens = Math.max(inputTokens, nz(usage.getPromptTokens()));
				outputTokens = Math.max(outputTokens, nz(usage.getCompletionTokens()));
			}
			if (metadata.getModel() != null && !metadata.getModel().isBlank()) {
				model = metadata.getModel();
			}
			Object tps = metadata.get(LocalChatModel.TOKENS_PER_SECOND);
			if (tps instanceof Double d) {
				tokensPerSecond = d;
			}
		}
		return delta;
	}

	String text() {
		return text.toString();
	}

	List<AssistantMessage.ToolCall> toolCalls() {
		List<AssistantMessage.ToolCall> all = new ArrayList<>(toolCalls.values());
		all.addAll(unnamedCalls);
		return all;
	}

	long inputTokens() {
		return inputTokens;
	}

	long outputTokens() {
		return outputTokens;
	}

	String finishReason() {
		return finishReason;
	}

	String model() {
		return model;
	}

	Double tokensPerSecond() {
		return tokensPerSecond;
	}

	private static long nz(Integer n) {
		return n == null ? 0 : n;
	}

}
