package dev.trellis.registry;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One difference between two versions: at {@code path} (such as {@code spec.temperature} or
 * {@code spec.tools[1].version}) a value was added, removed or replaced. {@code from} is null for an
 * {@code add}, {@code to} is null for a {@code remove}.
 */
public record Change(String path, String op, JsonNode from, JsonNode to) {

	public static final String ADD = "add";

	public static final String REMOVE = "remove";

	public static final String REPLACE = "replace";

}
