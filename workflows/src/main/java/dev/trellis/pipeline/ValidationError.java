package dev.trellis.pipeline;

/**
 * One problem found in a PipelineDefinition, located by a path into the document so the canvas
 * can highlight the offending node or edge and the registry can answer
 * {@code 400 {errors: [{path, message}]}}.
 *
 * <p>
 * Paths look like {@code nodes[2].agent}, {@code nodes[0].args.expression},
 * {@code edges[1].when}, {@code output} or {@code nodes}; a cycle is reported at {@code edges}
 * with a message such as {@code cycle: a -> b -> c -> a}. The empty path means the whole
 * document.
 *
 * <pre>{@code
 * for (ValidationError error : new PipelineCompiler().validate(definition)) {
 *     System.out.println(error.path() + ": " + error.message());
 * }
 * }</pre>
 *
 * @param path where the problem is, relative to the definition's root
 * @param message what is wrong, in words a pipeline author understands
 */
public record ValidationError(String path, String message) {

	@Override
	public String toString() {
		return this.path.isEmpty() ? this.message : this.path + ": " + this.message;
	}

}
