package dev.trellis.workflows.api;

import com.fasterxml.jackson.databind.JsonNode;

/** A finished node's recorded result, reusable by a rerun without calling anything again. */
public record NodeRecord(String status, JsonNode output, String comment, String reviewOutcome) {
}
