package dev.trellis.registry;

/**
 * A pinned reference inside a spec: at {@code path} (relative to the spec, e.g. {@code model},
 * {@code tools[1]}, {@code nodes[0].agent}) the spec uses {@code kind/name@version}.
 */
public record Reference(String path, Kind kind, String name, int version) {
}
