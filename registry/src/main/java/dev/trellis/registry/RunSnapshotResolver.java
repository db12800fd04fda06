package dev.trellis.registry;

import java.util.Map;
import java.util.TreeMap;

import dev.trellis.workflows.api.EntityVersion;
import dev.trellis.workflows.api.PipelineRef;
import dev.trellis.workflows.api.RunSnapshot;

/**
 * Freezes a pipeline version into what a run starts from. The closure follows the references
 * pinned at save time: pipeline nodes to agents, tools and subpipelines (recursively), agents to
 * their model, system prompt, tools, memory and guardrails. Because versions are immutable, resolving
 * the same version twice always gives the same result.
 *
 * <pre>{@code
 * ResolvedPipeline p = resolver.resolve("content-pipeline", null); // null = latest
 * RunSnapshot snapshot = new RunSnapshot(runId, p.pipeline(), p.definition(), p.entities(), input,
 *         caller.username(), Map.of());
 * }</pre>
 */
public class RunSnapshotResolver {

	private final RegistryRepository repository;

	private final RegistryService registry;

	RunSnapshotResolver(RegistryRepository repository, RegistryService registry) {
		this.repository = repository;
		this.registry = registry;
	}

	/**
	 * The frozen closure of pipeline {@code name} at {@code version}.
	 * @param version the exact version, or null for the latest
	 * @throws RegistryNotFoundException when the pipeline or version does not exist
	 * @see RunSnapshot
	 */
	public ResolvedPipeline resolve(String name, Integer version) {
		RegistryEntry pipeline = version == null ? registry.latestVersion(Kind.PIPELINES, name)
				: registry.version(Kind.PIPELINES, name, version);
		Map<String, EntityVersion> entities = new TreeMap<>();
		for (RegistryEntry e : repository.closure(Kind.PIPELINES, pipeline.name(), pipeline.version())) {
			entities.put(e.key(), e.toEntityVersion());
		}
		return new ResolvedPipeline(new PipelineRef(pipeline.name(), pipeline.version()), pipeline.spec(), entities);
	}

}
