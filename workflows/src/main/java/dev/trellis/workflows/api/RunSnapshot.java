package dev.trellis.workflows.api;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The frozen input of a run: the pipeline definition, the closure of every entity it needs at its
 * pinned version, and the run input. Workers never read the registry mid-run, so a run is
 * reproducible and a newly published version never changes it.
 *
 * @param runId the public run id (also the suffix of the workflow id)
 * @param pipeline the pipeline and its pinned version
 * @param definition the PipelineDefinition JSON of that version
 * @param entities pinned entities keyed by {@link EntityVersion#key()}, e.g. {@code agents/researcher@2}
 * @param input the validated run input
 * @param startedBy the user who started the run
 * @param reuse recorded outputs reused from an earlier run (rerun from a node), keyed by node id;
 * empty for a normal run
 * @param rerunOf the run id whose recorded outputs {@code reuse} holds; null for a normal run (and in
 * histories written before reruns were linked)
 */
public record RunSnapshot(String runId, PipelineRef pipeline, JsonNode definition, Map<String, EntityVersion> entities,
		JsonNode input, String startedBy, Map<String, NodeRecord> reuse, String rerunOf) {

	public RunSnapshot {
		entities = entities == null ? Map.of() : Map.copyOf(entities);
		reuse = reuse == null ? Map.of() : Map.copyOf(reuse);
	}

	/** A snapshot that names no earlier run: a normal run, or a child run of a pipeline node. */
	public RunSnapshot(String runId, PipelineRef pipeline, JsonNode definition, Map<String, EntityVersion> entities,
			JsonNode input, String startedBy, Map<String, NodeRecord> reuse) {
		this(runId, pipeline, definition, entities, input, startedBy, reuse, null);
	}

	/** The pinned entity, or an exception naming what the snapshot lacks. */
	public EntityVersion entity(String kind, String name, int version) {
		EntityVersion e = entities.get(EntityVersion.key(kind, name, version));
		if (e == null) {
			throw new IllegalArgumentException("Run snapshot lacks " + EntityVersion.key(kind, name, version));
		}
		return e;
	}

}
