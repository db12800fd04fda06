package dev.trellis.pipeline;

/**
 * What the compiler needs to know about the registry: whether an entity version exists. The
 * registry implements it over its tables; tests implement it with a set.
 *
 * <pre>{@code
 * EntityCatalog catalog = (kind, name, version) -> registry.exists(kind, name, version);
 * ExecutionPlan plan = new PipelineCompiler().compile(definition, catalog);
 * }</pre>
 */
@FunctionalInterface
public interface EntityCatalog {

	/** Kind of {@code agent} references. */
	String AGENTS = "agents";

	/** Kind of {@code tool} references. */
	String TOOLS = "tools";

	/** Kind of {@code pipeline} references (subpipeline nodes). */
	String PIPELINES = "pipelines";

	/**
	 * Whether {@code name} exists at {@code version}.
	 * @param kind one of {@link #AGENTS}, {@link #TOOLS}, {@link #PIPELINES}
	 * @param name the entity's registry name
	 * @param version an exact version, at least 1
	 */
	boolean exists(String kind, String name, int version);

}
