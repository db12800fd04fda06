package dev.trellis.trace;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * An event as the log recorded it: numbered, with the timestamp and data exactly as stored. Its JSON
 * form is the event shape of API.md, the same on the live stream, over the WebSocket and in
 * {@code GET /api/runs/{id}/events}:
 *
 * <pre>{@code
 * {"runId":"r1","seq":7,"ts":"2025-05-01T10:00:00.123456Z","type":"llm.response","nodeId":"write","attempt":1,
 *  "data":{"model":"gpt-4o-mini","tokens":{"input":120,"output":80},"costUsd":0.0001}}
 * }</pre>
 *
 * The emitter's idempotency key is not part of the public shape.
 */
@JsonPropertyOrder({ "runId", "seq", "ts", "type", "nodeId", "attempt", "data" })
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RecordedEvent(String runId, long seq, @JsonFormat(shape = JsonFormat.Shape.STRING) Instant ts,
		String type, String nodeId, int attempt, JsonNode data) {
}
