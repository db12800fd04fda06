package dev.trellis.registry.secrets;

import java.net.URI;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where secrets live ({@code trellis.secrets.*}).
 *
 * @param store {@code builtin} (encrypted in PostgreSQL) or {@code vault}
 * @param masterKey the built-in store's current master key, base64 of 32 random bytes; the
 * environment variable {@code TRELLIS_MASTER_KEY} is read when this is not set
 * @param masterKeyId the id stored with each value; empty derives one from the key
 * @param keys older master keys by id (base64), accepted for decryption until a rotation has
 * re-encrypted every value
 * @param vault the Vault connection, for {@code store=vault}
 */
@ConfigurationProperties("trellis.secrets")
public record SecretsProperties(@DefaultValue("builtin") String store, String masterKey, String masterKeyId,
		Map<String, String> keys, @DefaultValue Vault vault) {

	public SecretsProperties {
		keys = keys == null ? Map.of() : Map.copyOf(keys);
		if (!"builtin".equals(store) && !"vault".equals(store)) {
			throw new IllegalArgumentException("trellis.secrets.store must be 'builtin' or 'vault', got '" + store + "'");
		}
	}

	/**
	 * @param uri Vault's address; {@code VAULT_ADDR} is read when not set
	 * @param token a Vault token with read/write on the path; {@code VAULT_TOKEN} is read when not set
	 * @param namespace Vault Enterprise / HCP namespace, empty for none
	 * @param mount the KV version 2 engine's mount
	 * @param path the folder under the mount that holds Trellis' secrets
	 */
	public record Vault(URI uri, String token, String namespace, @DefaultValue("secret") String mount,
			@DefaultValue("trellis") String path) {
	}

}
