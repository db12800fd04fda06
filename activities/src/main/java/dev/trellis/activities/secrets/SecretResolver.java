package dev.trellis.activities.secrets;

/**
 * Resolves a secret by name, inside an activity, for one call. The value must never be logged,
 * returned, put in an event or an exception message.
 *
 * <p>This is a port: the registry's encrypted secret store adapts to it in the composition root;
 * {@link PropertySecretResolver} serves development and tests from configuration.
 *
 * <pre>{@code
 * String apiKey = secrets.resolve("openai-key");   // from "apiKey": "secret://openai-key"
 * }</pre>
 */
@FunctionalInterface
public interface SecretResolver {

	/**
	 * @return the secret's value
	 * @throws SecretUnavailableException when no secret of that name exists
	 */
	String resolve(String name);

}
