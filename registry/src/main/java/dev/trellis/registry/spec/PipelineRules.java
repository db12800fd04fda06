package dev.trellis.registry.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.pipeline.EntityCatalog;
import dev.trellis.pipeline.EntityRef;
import dev.trellis.pipeline.ExecutionPlan;
import dev.trellis.pipeline.PipelineCompiler;
import dev.trellis.pipeline.PipelineValidationException;
import dev.trellis.pipeline.PlanNode;
import dev.trellis.pipeline.ValidationError;
import dev.trellis.registry.Kind;
import dev.trellis.registry.Reference;

/**
 * A pipeline is a PipelineDefinition, checked by the orchestrator's own compiler so the registry
 * never accepts what a run would refuse. The registry's part is pinning: {@code "latest"} in a node's
 * {@code agent}, {@code tool} or {@code pipeline} reference becomes the current number before the
 * compiler sees it, and the compiler checks every pinned version against the registry.
 */
final class PipelineRules {

	/** A node type's reference field and the kind it references. */
	private record ReferenceField(String field, Kind kind) {
	}

	private static final Map<String, ReferenceField> REFERENCES = Map.of("agent",
			new ReferenceField("agent", Kind.AGENTS), "tool", new ReferenceField("tool", Kind.TOOLS), "subpipeline",
			new ReferenceField("pipeline", Kind.PIPELINES));

	private PipelineRules() {
	}

	static void check(JsonNode spec, SpecContext ctx) {
		List<String> unresolved = pinLatest(spec, ctx);
		EntityCatalog catalog = (kind, name, version) -> ctx.lookup().exists(Kind.fromPath(kind), name, version);
		ExecutionPlan plan;
		try {
			plan = new PipelineCompiler().compile(spec, catalog);
		}
		catch (PipelineValidationException e) {
			for (ValidationError error : e.errors()) {
				// A "latest" the registry could not resolve is already reported at that path.
				if (unresolved.stream().noneMatch(path -> error.path().startsWith(path))) {
					ctx.problem(error.path(), error.message());
				}
			}
			return;
		}
		for (PlanNode node : plan.nodes()) {
			pinned(node, "agent", Kind.AGENTS, node.agent(), ctx);
			pinned(node, "tool", Kind.TOOLS, node.tool(), ctx);
			pinned(node, "pipeline", Kind.PIPELINES, node.pipeline(), ctx);
		}
	}

	private static void pinned(PlanNode node, String field, Kind kind, EntityRef ref, SpecContext ctx) {
		if (ref != null) {
			ctx.pinned(new Reference("nodes[" + node.index() + "]." + field, kind, ref.name(), ref.version()));
		}
	}

	/**
	 * Replaces every resolvable {@code "latest"} in a node's reference; returns the paths of those that
	 * name nothing. Anything else wrong with a node is left to the compiler.
	 */
	private static List<String> pinLatest(JsonNode spec, SpecContext ctx) {
		List<String> unresolved = new ArrayList<>();
		JsonNode nodes = spec.path("nodes");
		for (int i = 0; nodes.isArray() && i < nodes.size(); i++) {
			ReferenceField reference = REFERENCES.get(nodes.get(i).path("type").asText());
			JsonNode ref = reference == null ? null : nodes.get(i).get(reference.field());
			if (ref == null || !ref.isObject() || !ref.path("name").isTextual()
					|| !"latest".equals(ref.path("version").textValue())) {
				continue;
			}
			String path = "nodes[" + i + "]." + reference.field();
			OptionalInt latest = ctx.lookup().latest(reference.kind(), ref.path("name").asText());
			if (latest.isPresent()) {
				((ObjectNode) ref).set("version", IntNode.valueOf(latest.getAsInt()));
			}
			else {
				ctx.problem(path, "no " + reference.kind().singular() + " named '" + ref.path("name").asText() + "'");
				unresolved.add(path);
			}
		}
		return unresolved;
	}

}
