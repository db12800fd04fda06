package dev.trellis.trace;

import java.util.Map;

import dev.trellis.workflows.api.TokenUsage;

/**
 * Token usage and cost of a run, summed from its {@code llm.response} events. Every attempt counts:
 * a retried call consumed real tokens.
 *
 * @param total the whole run
 * @param nodes per node id, in node id order
 * @param llmCalls number of {@code llm.response} events
 */
public record RunUsage(String runId, TokenUsage total, Map<String, TokenUsage> nodes, long llmCalls) {
}
