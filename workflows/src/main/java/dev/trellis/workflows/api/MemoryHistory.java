package dev.trellis.workflows.api;

import java.util.List;

/**
 * A loaded conversation.
 *
 * @param messages oldest first; never null
 * @param source where it came from: {@code redis}, {@code postgres} (a cache miss, now rehydrated)
 * or {@code none}
 */
public record MemoryHistory(List<ChatMessage> messages, String source) {

	public MemoryHistory {
		messages = messages == null ? List.of() : List.copyOf(messages);
	}

}
