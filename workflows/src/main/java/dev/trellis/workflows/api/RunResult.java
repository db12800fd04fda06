package dev.trellis.workflows.api;

import com.fasterxml.jackson.databind.JsonNode;

/** What a finished run returns: its final status, the rendered pipeline output and an error if it failed. */
public record RunResult(RunStatus status, JsonNode output, ErrorInfo error, TokenUsage tokens) {
}
