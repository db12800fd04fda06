package dev.trellis.registry;

/**
 * Base of the registry's deliberate failures. Each subclass maps to one HTTP status in the gateway
 * (not found 404, validation 400, conflict 409); messages are safe to show to the caller.
 */
public abstract class RegistryException extends RuntimeException {

	protected RegistryException(String message) {
		super(message);
	}

}
