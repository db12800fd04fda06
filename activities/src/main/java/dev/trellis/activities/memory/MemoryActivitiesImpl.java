package dev.trellis.activities.memory;

import dev.trellis.pipeline.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.workflows.api.AgentCheckpoint;
import dev.trellis.workflows.api.ChatMessage;
import dev.trellis.workflows.api.FailureTypes;
import dev.trellis.workflows.api.MemoryActivities;
import dev.trellis.workflows.api.MemoryHistory;
import dev.trellis.workflows.api.MemoryKey;
import io.temporal.failure.ApplicationFailure;

/**
 * Conversation memory and agent checkpoints as activities. {@code conversation} memory lives in
 * {@link ConversationStore}; {@code long_term} memory goes through the {@link LongTermMemory} port
 * and fails clearly when no adapter is configured.
 */
public class MemoryActivitiesImpl implements MemoryActivities {

	/** Memories recalled per call when the memory entity sets no {@code topK}. */
	static final int DEFAULT_TOP_K = 5;

	private final ConversationStore conversations;

	private final CheckpointStore checkpoints;

	private final LongTermMemory longTerm;

	private final MemoryProperties properties;

	MemoryActivitiesImpl(ConversationStore conversations, CheckpointStore checkpoints, LongTermMemory longTerm,
			MemoryProperties properties) {
		this.conversations = conversations;
		this.checkpoints = checkpoints;
		this.longTerm = longTerm;
		this.properties = properties;
	}

	@Override
	public MemoryHistory load(MemoryKey key) {
		if (isLongTerm(key)) {
			// Long-term memory has no conversation to load, only memories to recall for a task.
			return recall(key, null);
		}
		ConversationStore.Loaded loaded = conversations.load(key.scope(), key.sessionId(), ttl(key));
		return new MemoryHistory(loaded.messages(), loaded.source());
	}

	@Override
	public MemoryHistory recall(MemoryKey key, String query) {
		int topK = key.memory().spec().path("topK").asInt(DEFAULT_TOP_K);
		return new MemoryHistory(longTerm().recall(key, query, topK > 0 ? topK : DEFAULT_TOP_K), "long_term");
	}

	@Override
	public void save(MemoryKey key, List<ChatMessage> messages) {
		if (isLongTerm(key)) {
			longTerm().remember(key, messages);
			return;
		}
		conversations.save(key.scope(), key.sessionId(), messages, ttl(key));
	}

	@Override
	public void saveCheckpoint(AgentCheckpoint checkpoint) {
		checkpoints.save(checkpoint);
	}

	@Override
	public AgentCheckpoint loadCheckpoint(String workflowId, String runId) {
		return checkpoints.load(workflowId, runId).orElse(null);
	}

	private LongTermMemory longTerm() {
		if (longTerm == null) {
			throw ApplicationFailure.newNonRetryableFailure("long_term memory (vector recall) is not configured on "
					+ "this worker: no LongTermMemory adapter is installed; use a memory entity of kind 'conversation'",
					FailureTypes.NON_RETRYABLE);
		}
		return longTerm;
	}

	private static boolean isLongTerm(MemoryKey key) {
		return "long_term".equals(key.memory().spec().path("kind").asText("conversation").toLowerCase(Locale.ROOT));
	}

	private Duration ttl(MemoryKey key) {
		JsonNode ttl = key.memory().spec().path("ttl");
		return Durations.parseOr(ttl.asText(null), properties.defaultTtl());
	}

}
