package dev.trellis.activities.memory;

import java.util.List;

import dev.trellis.workflows.api.ChatMessage;
import dev.trellis.workflows.api.MemoryKey;

/**
 * The port for {@code long_term} memory: recall by similarity from a vector store rather than
 * replaying the conversation. No adapter ships yet; an agent whose memory entity has
 * {@code "kind": "long_term"} fails with a clear "not configured" error until a bean of this type
 * exists (for example on Spring AI's {@code VectorStore}).
 *
 * <pre>{@code
 * List<ChatMessage> relevant = longTerm.recall(key, 8);   // most relevant memories first
 * longTerm.remember(key, List.of(ChatMessage.user(prompt), ChatMessage.assistant(answer)));
 * }</pre>
 */
public interface LongTermMemory {

	/** Up to {@code limit} remembered messages most relevant to the session, most relevant first. */
	List<ChatMessage> recall(MemoryKey key, int limit);

	/** Adds messages to what the session remembers; idempotent for the same messages. */
	void remember(MemoryKey key, List<ChatMessage> messages);

}
