package dev.trellis.registry;

import java.util.List;

/**
 * A request the registry refuses because of its content; {@link #problems()} names every field at
 * fault, so a client can show all of them at once.
 *
 * <pre>{@code
 * catch (RegistryValidationException e) {
 *     e.problems(); // [SpecProblem[path=spec.temperature, message=must be between 0 and 2]]
 * }
 * }</pre>
 */
public class RegistryValidationException extends RegistryException {

	private final List<SpecProblem> problems;

	public RegistryValidationException(String message, List<SpecProblem> problems) {
		super(message);
		this.problems = List.copyOf(problems);
	}

	public static RegistryValidationException of(String path, String message) {
		return new RegistryValidationException(message, List.of(new SpecProblem(path, message)));
	}

	public List<SpecProblem> problems() {
		return problems;
	}

	/** The message and every problem, for logs and test failures. */
	@Override
	public String toString() {
		return super.toString() + " " + problems;
	}

}
