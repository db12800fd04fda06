package dev.trellis.workflows.api;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * An agent's state outside workflow history: its conversation memory across runs (load, use, save
 * per turn) and the checkpoint it carries over a continue-as-new.
 *
 * <pre>{@code
 * MemoryHistory past = memory.load(key);          // Redis, or PostgreSQL on a miss
 * ... run the turn with past.messages() ...
 * memory.save(key, updatedMessages);              // PostgreSQL, then Redis
 * }</pre>
 *
 * Every method is idempotent: {@code save} replaces the stored conversation, so a retried call
 * writes the same thing twice rather than appending twice.
 */
@ActivityInterface(namePrefix = "Memory.")
public interface MemoryActivities {

	/** The stored conversation of the key, oldest first; empty when there is none. */
	@ActivityMethod
	MemoryHistory load(MemoryKey key);

	/**
	 * What {@code long_term} memory recalls for a task: remembered messages most relevant to
	 * {@code query} (the agent's task), most relevant first, at most the memory entity's {@code topK}.
	 * Fails at once, non-retryably, when the worker has no long-term memory adapter, so an agent
	 * with such memory never runs without it.
	 */
	@ActivityMethod
	MemoryHistory recall(MemoryKey key, String query);

	/**
	 * Replaces the stored conversation of the key; for {@code long_term} memory, adds the turn's
	 * messages to what is remembered.
	 */
	@ActivityMethod
	void save(MemoryKey key, java.util.List<ChatMessage> messages);

	/** Stores the loop state of an agent run that is about to continue as new. */
	@ActivityMethod
	void saveCheckpoint(AgentCheckpoint checkpoint);

	/**
	 * The checkpoint the given (previous) run stored, or null when it stored none (a run that was
	 * retried rather than continued as new starts afresh).
	 */
	@ActivityMethod
	AgentCheckpoint loadCheckpoint(String workflowId, String runId);

}
