package dev.trellis.activities.secrets;

import java.util.Locale;

import org.springframework.core.env.Environment;

/**
 * Secrets from configuration, for development and tests: {@code trellis.secrets.<name>} or the
 * environment variable {@code TRELLIS_SECRET_<NAME>} (upper case, {@code -} and {@code .} as
 * {@code _}). Production workers use the registry's encrypted store through the same port.
 */
public class PropertySecretResolver implements SecretResolver {

	private final Environment environment;

	public PropertySecretResolver(Environment environment) {
		this.environment = environment;
	}

	@Override
	public String resolve(String name) {
		String value = environment.getProperty("trellis.secrets." + name);
		if (value == null) {
			value = environment.getProperty("TRELLIS_SECRET_" + name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"));
		}
		if (value == null) {
			throw new SecretUnavailableException(name);
		}
		return value;
	}

}
