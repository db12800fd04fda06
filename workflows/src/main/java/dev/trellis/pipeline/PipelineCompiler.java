package dev.trellis.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Validates a PipelineDefinition (the canvas's JSON) and compiles it into an
 * {@link ExecutionPlan}. It is plain, deterministic Java: no clock, randomness, I/O or shared
 * mutable state, so workflow code may call it, and the registry may call it at save time.
 * Every check runs in one pass and all problems are reported together, each located by path.
 *
 * <pre>{@code
 * PipelineCompiler compiler = new PipelineCompiler();
 * List<ValidationError> errors = compiler.validate(definition);          // registry: answer 400
 * ExecutionPlan plan = compiler.compile(definition, registryCatalog);     // at save, versions pinned
 * ExecutionPlan plan = compiler.compile(frozenDefinition);                // in the workflow
 * }</pre>
 */
public final class PipelineCompiler {

	/**
	 * Compiles {@code definition} without checking that referenced entities exist.
	 * @throws PipelineValidationException listing every problem found
	 */
	public ExecutionPlan compile(JsonNode definition) {
		return plan(definition, null);
	}

	/**
	 * Compiles {@code definition} and also checks that every referenced agent, tool and pipeline
	 * exists in {@code catalog} at a pinned version ({@code "latest"} is refused here).
	 * @throws PipelineValidationException listing every problem found
	 */
	public ExecutionPlan compile(JsonNode definition, EntityCatalog catalog) {
		return plan(definition, Objects.requireNonNull(catalog, "catalog"));
	}

	/** Every problem in {@code definition}; empty when it compiles. Never throws, whatever the input. */
	public List<ValidationError> validate(JsonNode definition) {
		return check(definition, null).errors();
	}

	/** Like {@link #validate(JsonNode)}, also checking referenced entities against {@code catalog}. */
	public List<ValidationError> validate(JsonNode definition, EntityCatalog catalog) {
		return check(definition, Objects.requireNonNull(catalog, "catalog")).errors();
	}

	private ExecutionPlan plan(JsonNode definition, EntityCatalog catalog) {
		Checked checked = check(definition, catalog);
		if (!checked.errors().isEmpty()) {
			throw new PipelineValidationException(checked.errors());
		}
		return PlanBuilder.build(checked.definition(), checked.graph());
	}

	private record Checked(List<ValidationError> errors, ParsedDefinition definition, PipelineGraph graph) {
	}

	private Checked check(JsonNode definition, EntityCatalog catalog) {
		List<ValidationError> errors = new ArrayList<>();
		Fields fields = new Fields(errors);
		ParsedDefinition parsed = new DefinitionReader(fields).read(definition);
		if (parsed == null) {
			return new Checked(List.copyOf(errors), null, null);
		}
		PipelineGraph graph = new PipelineGraph(parsed.nodes().size(), parsed.edges());
		new GraphChecker(parsed, graph, fields).check();
		new ReferenceChecker(parsed, graph, fields).check();
		if (catalog != null) {
			new CatalogChecker(catalog, fields).check(parsed);
		}
		return new Checked(List.copyOf(errors), parsed, graph);
	}

}
