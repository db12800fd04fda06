package dev.trellis.registry;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.workflows.api.EntityVersion;
import dev.trellis.workflows.api.PipelineRef;

/**
 * A pipeline version with everything it needs to run, frozen: the definition and every entity it
 * references transitively, at the pinned versions.
 *
 * @param pipeline the pipeline and its exact version
 * @param definition its PipelineDefinition
 * @param entities every agent, model, prompt, tool, memory, guardrail and subpipeline it needs,
 * keyed by {@link EntityVersion#key()} (the pipeline itself is not included)
 */
public record ResolvedPipeline(PipelineRef pipeline, JsonNode definition, Map<String, EntityVersion> entities) {

	public ResolvedPipeline {
		entities = Map.copyOf(entities);
	}

}
