package dev.trellis.workflows.engine;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.trellis.pipeline.EntityCatalog;
import dev.trellis.pipeline.EntityRef;
import dev.trellis.pipeline.ExecutionPlan;
import dev.trellis.pipeline.PlanNode;
import dev.trellis.workflows.api.EntityVersion;
import dev.trellis.workflows.api.FailureTypes;
import dev.trellis.workflows.api.RunSnapshot;
import io.temporal.failure.ApplicationFailure;

/**
 * Finds pinned entities in the run snapshot: an agent and everything its spec refers to (model,
 * system prompt, tools, memory, guardrails), a tool, a child pipeline. A missing entity is a
 * non-retryable node failure: the snapshot is frozen, waiting cannot make it appear.
 */
final class EntityClosure {

	static final String AGENTS = EntityCatalog.AGENTS;

	static final String TOOLS = EntityCatalog.TOOLS;

	static final String PIPELINES = EntityCatalog.PIPELINES;

	/** Agent spec fields that reference other entities, each a {@code {name, version}} or a list of them. */
	private static final Map<String, String> AGENT_REFERENCES = orderedReferences();

	private final RunSnapshot snapshot;

	EntityClosure(RunSnapshot snapshot) {
		this.snapshot = snapshot;
	}

	EntityVersion get(String kind, EntityRef ref) {
		if (ref == null || ref.version() == null) {
			throw missing("Node references " + kind + " '" + (ref == null ? null : ref.name())
					+ "' without a pinned version");
		}
		return get(kind, ref.name(), ref.version());
	}

	/** The entities an agent's spec refers to, keyed by {@link EntityVersion#key()}, in a stable order. */
	Map<String, EntityVersion> referencedBy(EntityVersion agent) {
		Map<String, EntityVersion> closure = new LinkedHashMap<>();
		AGENT_REFERENCES.forEach((field, kind) -> {
			JsonNode value = agent.spec() == null ? null : agent.spec().get(field);
			if (value == null || value.isNull()) {
				return;
			}
			Iterable<JsonNode> refs = value.isArray() ? value : List.of(value);
			for (JsonNode ref : refs) {
				EntityVersion entity = get(kind, ref.path("name").asText(null), ref.path("version").asInt(0));
				closure.put(entity.key(), entity);
			}
		});
		return closure;
	}

	/**
	 * Keys of the pinned entities the given nodes ran with, for an approval's audit trail. Entities
	 * that cannot be found are left out: their node failed already, and the audit lists what ran.
	 */
	List<String> producedBy(Collection<String> nodeIds, ExecutionPlan plan) {
		Set<String> keys = new LinkedHashSet<>();
		for (String id : nodeIds) {
			PlanNode node = plan.node(id);
			switch (node.type()) {
				case AGENT -> find(AGENTS, node.agent()).ifPresent(agent -> {
					keys.add(agent.key());
					try {
						keys.addAll(referencedBy(agent).keySet());
					}
					catch (ApplicationFailure incomplete) {
						// The agent node failed on this already; the agent key alone still names what ran.
					}
				});
				case TOOL -> find(TOOLS, node.tool()).ifPresent(tool -> keys.add(tool.key()));
				case SUBPIPELINE -> find(PIPELINES, node.pipeline()).ifPresent(p -> keys.add(p.key()));
				default -> {
				}
			}
		}
		return List.copyOf(keys);
	}

	private Optional<EntityVersion> find(String kind, EntityRef ref) {
		if (ref == null || ref.version() == null) {
			return Optional.empty();
		}
		return Optional.ofNullable(snapshot.entities().get(EntityVersion.key(kind, ref.name(), ref.version())));
	}

	private EntityVersion get(String kind, String name, int version) {
		EntityVersion entity = snapshot.entities().get(EntityVersion.key(kind, name, version));
		if (entity == null) {
			throw missing("Run snapshot lacks " + EntityVersion.key(kind, name, version));
		}
		return entity;
	}

	private static ApplicationFailure missing(String message) {
		return ApplicationFailure.newNonRetryableFailure(message, FailureTypes.NON_RETRYABLE);
	}

	private static Map<String, String> orderedReferences() {
		Map<String, String> references = new LinkedHashMap<>();
		references.put("model", "models");
		references.put("systemPrompt", "prompts");
		references.put("tools", TOOLS);
		references.put("memory", "memories");
		references.put("guardrails", "guardrails");
		return references;
	}

}
