package dev.trellis.workflows.api;

/**
 * Which conversation to load or save, or which long-term memory to recall from.
 *
 * @param sessionId the run input's {@code sessionId}: the same id in a later run continues the
 * conversation. Null for {@code long_term} memory of a run without one: the agent then recalls
 * from, and adds to, what it remembers outside any session
 * @param scope who owns the conversation within the session (the agent's name), so agents of one
 * pipeline never interleave their histories
 * @param memory the pinned memory entity ({@code kind}, {@code window}, {@code summarizeAfter},
 * {@code ttl})
 */
public record MemoryKey(String sessionId, String scope, EntityVersion memory) {
}
