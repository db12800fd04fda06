package dev.trellis.workflows.agent;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.workflows.api.ChatMessage;

/**
 * How much remembered conversation the model sees. The first message (how the conversation began)
 * and the last {@code window} messages are kept verbatim; once the history is longer than
 * {@code summarizeAfter}, everything between them is replaced by one summary message.
 */
final class MemoryWindow {

	static final int DEFAULT_WINDOW = 20;

	static final String SUMMARY_PREFIX = "Summary of the earlier conversation: ";

	private final int window;

	private final int summarizeAfter;

	MemoryWindow(JsonNode memorySpec) {
		int w = memorySpec.path("window").asInt(DEFAULT_WINDOW);
		this.window = w > 0 ? w : DEFAULT_WINDOW;
		this.summarizeAfter = Math.max(0, memorySpec.path("summarizeAfter").asInt(0));
	}

	/** Whether the history is long enough that its middle should be summarised. */
	boolean needsSummary(List<ChatMessage> history) {
		return summarizeAfter > 0 && history.size() > summarizeAfter && !middle(history).isEmpty();
	}

	/** The messages a summary replaces: all but the first and the last {@code window}. */
	List<ChatMessage> middle(List<ChatMessage> history) {
		int end = history.size() - window;
		return end > 1 ? List.copyOf(history.subList(1, end)) : List.of();
	}

	/** The history with its middle replaced by the summary. */
	List<ChatMessage> compact(List<ChatMessage> history, String summary) {
		List<ChatMessage> out = new ArrayList<>();
		out.add(history.get(0));
		out.add(ChatMessage.system(SUMMARY_PREFIX + summary));
		out.addAll(history.subList(history.size() - window, history.size()));
		return List.copyOf(out);
	}

	/**
	 * What the model sees of a history: the first message, the summary that follows it (if the
	 * history was compacted), and the last {@code window} messages.
	 */
	List<ChatMessage> visible(List<ChatMessage> history) {
		int head = history.size() > 1 && isSummary(history.get(1)) ? 2 : 1;
		if (history.size() <= window + head) {
			return history;
		}
		List<ChatMessage> out = new ArrayList<>(history.subList(0, head));
		out.addAll(history.subList(history.size() - window, history.size()));
		return List.copyOf(out);
	}

	private static boolean isSummary(ChatMessage message) {
		return ChatMessage.SYSTEM.equals(message.role()) && message.content().startsWith(SUMMARY_PREFIX);
	}

	/** The middle as a plain transcript for the summarising call. */
	static String transcript(List<ChatMessage> messages) {
		StringBuilder sb = new StringBuilder();
		for (ChatMessage m : messages) {
			sb.append(m.role()).append(": ").append(m.content()).append('\n');
		}
		return sb.toString();
	}

}
