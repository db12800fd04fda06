package dev.trellis.registry;

/**
 * A write that contradicts what the registry already holds, such as an import carrying different
 * content under an existing version number.
 */
public class RegistryConflictException extends RegistryException {

	public RegistryConflictException(String message) {
		super(message);
	}

}
