package dev.trellis.activities.secrets;

/** A referenced secret does not exist. The message names the secret, never a value. */
public class SecretUnavailableException extends RuntimeException {

	private final String secretName;

	public SecretUnavailableException(String secretName) {
		super("secret '" + secretName + "' is not defined: create it with PUT /api/secrets/" + secretName);
		this.secretName = secretName;
	}

	public String secretName() {
		return secretName;
	}

}
