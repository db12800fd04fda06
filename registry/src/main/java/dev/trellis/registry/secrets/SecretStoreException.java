package dev.trellis.registry.secrets;

/**
 * A secret store refused or failed an operation. The message names at most the secret, never its
 * value, so it is safe to log and to show.
 */
public class SecretStoreException extends RuntimeException {

	/** Why, so a caller can choose its answer. */
	public enum Reason {

		/** No secret of that name. */
		NOT_FOUND,
		/** The name or value breaks the rules. */
		INVALID,
		/** The store cannot work: no master key, an unknown key id, Vault unreachable. */
		UNAVAILABLE

	}

	private final Reason reason;

	public SecretStoreException(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	public SecretStoreException(Reason reason, String message, Throwable cause) {
		super(message, cause);
		this.reason = reason;
	}

	public static SecretStoreException notFound(String name) {
		return new SecretStoreException(Reason.NOT_FOUND, "No secret named '" + name + "'");
	}

	public Reason reason() {
		return reason;
	}

}
