/**
 * The registry: the source of truth for every agent, tool, model, prompt, memory, guardrail and
 * pipeline, each a name with immutable numbered versions (like npm packages).
 *
 * <p>
 * Entry points: {@link dev.trellis.registry.RegistryService} (publish, read, diff, deprecate),
 * {@link dev.trellis.registry.UsageService} ("where used", "upgrade available"),
 * {@link dev.trellis.registry.BundleService} (export/import) and
 * {@link dev.trellis.registry.RunSnapshotResolver} (the frozen closure a run starts from). Beans are
 * declared in {@link dev.trellis.registry.RegistryConfiguration}; the typed spec validation lives in
 * {@code dev.trellis.registry.spec} and first-start publishing in {@code dev.trellis.registry.seed}.
 */
package dev.trellis.registry;
