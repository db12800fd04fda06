package dev.trellis.workflows.api;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One trace event before the event log numbers it. {@code key} is unique per run and identical
 * across retries of the same emission, so the log stores each event once and assigns its {@code seq}
 * then; a retried call emits new keys tagged with its attempt, so a consumer can tell the two apart.
 *
 * @param type one of the types in API.md, e.g. {@code node.started}
 */
public record RunEvent(String runId, String key, String type, String nodeId, int attempt, Instant ts, JsonNode data) {
}
