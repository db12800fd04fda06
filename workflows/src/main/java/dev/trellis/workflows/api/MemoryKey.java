package dev.trellis.workflows.api;

/**
 * Which conversation to load or save.
 *
 * @param sessionId the run input's {@code sessionId}: the same id in a later run continues the
 * conversation
 * @param scope who owns the conversation within the session (the agent's name), so agents of one
 * pipeline never interleave their histories
 * @param memory the pinned memory entity ({@code kind}, {@code window}, {@code summarizeAfter},
 * {@code ttl})
 */
public record MemoryKey(String sessionId, String scope, EntityVersion memory) {
}
