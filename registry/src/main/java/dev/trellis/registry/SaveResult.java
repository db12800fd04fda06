package dev.trellis.registry;

/**
 * The outcome of a publish: the version now holding the spec, and whether this call created it
 * ({@code false} when the spec was identical to the latest version, which is returned instead).
 */
public record SaveResult(RegistryEntry entry, boolean created) {
}
