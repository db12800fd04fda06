package dev.trellis.workflows.api;

/** A readable error: a stable type (e.g. {@code ToolFailed}), a message, and whether a retry may help. */
public record ErrorInfo(String type, String message, boolean retryable) {
}
