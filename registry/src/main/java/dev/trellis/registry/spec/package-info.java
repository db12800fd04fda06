/**
 * Typed validation of registry specs, one class of rules per kind, behind
 * {@link dev.trellis.registry.SpecValidator}. Every problem names its field path ({@code spec.temperature},
 * {@code spec.tools[1]}), unknown fields are refused, and references are pinned to exact versions.
 */
package dev.trellis.registry.spec;
