package dev.trellis.pipeline;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown by {@link PipelineCompiler#compile} and {@link ExecutionPlan#bindInputs} when a
 * definition or a run's inputs are invalid; carries every problem found, not just the first.
 *
 * <pre>{@code
 * try {
 *     plan = compiler.compile(definition);
 * } catch (PipelineValidationException e) {
 *     return ResponseEntity.badRequest().body(Map.of("errors", e.errors()));
 * }
 * }</pre>
 */
public class PipelineValidationException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final List<ValidationError> errors;

	/** Creates the exception; its message joins all errors with {@code "; "}. */
	public PipelineValidationException(List<ValidationError> errors) {
		super(errors.stream().map(ValidationError::toString).collect(Collectors.joining("; ")));
		this.errors = List.copyOf(errors);
	}

	/** Every problem found, in a stable order. */
	public List<ValidationError> errors() {
		return this.errors;
	}

}
