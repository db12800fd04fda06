package dev.trellis.registry;

/**
 * A pinned reference with a newer version available: at {@code path} the spec pins
 * {@code kind/name@pinned} while {@code latest} exists.
 */
public record Upgrade(String path, Kind kind, String name, int pinned, int latest) {
}
