package dev.trellis.registry;

/**
 * One validation problem: {@code path} names the field relative to the request body, such as
 * {@code spec.temperature}, {@code spec.tools[1]} or {@code spec.nodes[0].agent}.
 */
public record SpecProblem(String path, String message) {
}
