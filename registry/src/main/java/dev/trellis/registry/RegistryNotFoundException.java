package dev.trellis.registry;

/**
 * A kind, name or version the registry does not hold.
 *
 * <pre>{@code
 * try {
 *     resolver.resolve("content-pipeline", 7);
 * }
 * catch (RegistryNotFoundException e) {
 *     // answer 404 with e.getMessage(): "No pipeline 'content-pipeline' version 7 (latest is 3)"
 * }
 * }</pre>
 */
public class RegistryNotFoundException extends RegistryException {

	public RegistryNotFoundException(String message) {
		super(message);
	}

}
