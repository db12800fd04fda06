package dev.trellis.activities.memory;

import java.util.List;

import dev.trellis.workflows.api.ChatMessage;
import dev.trellis.workflows.api.MemoryKey;

/**
 * The port for {@code long_term} memory: recall by similarity to the task from a vector store,
 * rather than replaying the conversation. No adapter ships yet; an agent whose memory entity has
 * {@code "kind": "long_term"} fails at the start of its run with a clear "not configured" error until
 * a bean of this type exists. An adapter on Spring AI's {@code VectorStore} would embed each
 * remembered message as a {@code Document} with metadata {@code scope} and {@code sessionId}, and
 * recall with a similarity search filtered on them.
 *
 * <pre>{@code
 * List<ChatMessage> relevant = longTerm.recall(key, "Plan the launch post", 5);   // most relevant first
 * longTerm.remember(key, List.of(ChatMessage.user(prompt), ChatMessage.assistant(answer)));
 * }</pre>
 */
public interface LongTermMemory {

	/**
	 * Up to {@code topK} remembered messages of the key's scope (and session, when it has one) most
	 * relevant to {@code query}, most relevant first.
	 */
	List<ChatMessage> recall(MemoryKey key, String query, int topK);

	/** Adds messages to what the session remembers; idempotent for the same messages. */
	void remember(MemoryKey key, List<ChatMessage> messages);

}
