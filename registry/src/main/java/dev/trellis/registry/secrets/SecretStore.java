package dev.trellis.registry.secrets;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where credentials live: API keys of model providers, tokens of HTTP tools. Values are write-only
 * for people (the REST API lists names and metadata, never values); only the activity that needs a
 * secret resolves it, for that one call, so a value never enters workflow history or logs.
 *
 * <p>Specs refer to a secret as {@code "secret://<name>"}:
 *
 * <pre>{@code
 * secrets.put("openai-key", "sk-...", "ana");
 * String apiKey = secrets.resolveReference(modelSpec.path("apiKey").asText()); // "secret://openai-key"
 * }</pre>
 *
 * Implementations never put a value into an exception message or a log line. Failures are
 * {@link SecretStoreException}s whose {@link SecretStoreException#reason() reason} tells a caller
 * what to answer (404, 400, 503).
 */
public interface SecretStore {

	/** The prefix of a secret reference inside a spec. */
	String REFERENCE_PREFIX = "secret://";

	/** The largest value accepted, in UTF-8 bytes: credentials, certificates, not documents. */
	int MAX_VALUE_BYTES = 64 * 1024;

	/** 1-128 letters, digits, {@code .}, {@code _} or {@code -}, starting with a letter or digit. */
	Pattern NAME_PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

	/** Creates or replaces a secret; {@code by} is recorded as its last writer. */
	void put(String name, String value, String by);

	/** The current value of a secret. */
	String resolve(String name);

	/** Every secret's name and metadata, by name; never a value. */
	List<SecretMetadata> list();

	/** Removes a secret; {@code false} when there was none of that name. */
	boolean delete(String name);

	/**
	 * Re-encrypts every stored value under the current master key, after an operator configured a
	 * new key and kept the old one for decryption. Returns how many values it re-encrypted; stores
	 * whose keys are managed elsewhere (Vault) return 0.
	 */
	int rotateMasterKey();

	/** Resolves {@code secret://name}; any other text is returned as it is (an inline, non-secret value). */
	default String resolveReference(String valueOrReference) {
		return isReference(valueOrReference) ? resolve(valueOrReference.substring(REFERENCE_PREFIX.length()))
				: valueOrReference;
	}

	static boolean isReference(String value) {
		return value != null && value.startsWith(REFERENCE_PREFIX);
	}

	/** Rejects names that are not 1-128 letters, digits, {@code .}, {@code _} or {@code -}. */
	static String requireValidName(String name) {
		if (name == null || !NAME_PATTERN.matcher(name).matches()) {
			throw new SecretStoreException(SecretStoreException.Reason.INVALID,
					"A secret name is 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit");
		}
		return name;
	}

	/** Rejects empty and oversized values without ever quoting them. */
	static String requireValidValue(String value) {
		if (value == null || value.isEmpty()) {
			throw new SecretStoreException(SecretStoreException.Reason.INVALID, "A secret value must not be empty");
		}
		if (value.length() > MAX_VALUE_BYTES
				|| value.getBytes(StandardCharsets.UTF_8).length > MAX_VALUE_BYTES) {
			throw new SecretStoreException(SecretStoreException.Reason.INVALID,
					"A secret value must not exceed " + MAX_VALUE_BYTES + " bytes");
		}
		return value;
	}

}
