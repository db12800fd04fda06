package dev.trellis.registry.secrets;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.vault.VaultException;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.core.VaultVersionedKeyValueOperations;
import org.springframework.vault.support.VaultResponse;
import org.springframework.vault.support.Versioned;
import org.springframework.web.client.RestClientException;

/**
 * The production store: HashiCorp Vault's KV version 2 engine through Spring Vault. Each secret is
 * the entry {@code <mount>/data/<path>/<name>} with the value under {@code value}; its last writer
 * is the entry's custom metadata. Vault keeps (and rotates, {@code vault operator rotate}) its own
 * keys.
 *
 * <p>Metadata is read and written as raw {@code <mount>/metadata/...} requests: Spring Vault's
 * metadata template drops {@code custom_metadata} when reading and resets {@code max_versions} and
 * {@code delete_version_after} when writing, which would undo an operator's settings.
 */
class VaultSecretStore implements SecretStore {

	static final String VALUE = "value";

	static final String UPDATED_BY = "updatedBy";

	/** The key id shown for Vault-held values: Vault, not Trellis, owns the encryption. */
	static final String KEY_ID = "vault";

	private final VaultOperations vault;

	private final VaultVersionedKeyValueOperations kv;

	private final String mount;

	private final String path;

	VaultSecretStore(VaultOperations vault, String mount, String path) {
		this.vault = vault;
		this.kv = vault.opsForVersionedKeyValue(mount);
		this.mount = trimSlashes(mount);
		this.path = trimSlashes(path);
	}

	@Override
	public void put(String name, String value, String by) {
		SecretStore.requireValidName(name);
		SecretStore.requireValidValue(value);
		call(() -> {
			kv.put(entry(name), Map.of(VALUE, value));
			vault.write(metadataPath(name), Map.of("custom_metadata", Map.of(UPDATED_BY, by)));
			return null;
		});
	}

	@Override
	public String resolve(String name) {
		SecretStore.requireValidName(name);
		Versioned<Map<String, Object>> secret = call(() -> kv.get(entry(name)));
		if (secret == null || !secret.hasData() || !(secret.getRequiredData().get(VALUE) instanceof String value)) {
			throw SecretStoreException.notFound(name);
		}
		return value;
	}

	@Override
	public List<SecretMetadata> list() {
		List<String> names = call(() -> kv.list(path));
		List<SecretMetadata> out = new ArrayList<>();
		for (String name : names == null ? List.<String>of() : names) {
			// Folders end in '/': Trellis writes none, and an operator's sub-folders are not Trellis secrets.
			if (name.endsWith("/") || !NAME_PATTERN.matcher(name).matches()) {
				continue;
			}
			VaultResponse meta = call(() -> vault.read(metadataPath(name)));
			if (meta != null && meta.getData() != null) {
				out.add(metadata(name, meta.getData()));
			}
		}
		out.sort(Comparator.comparing(SecretMetadata::name));
		return out;
	}

	/** Removes every version and the metadata, so the name is gone from listings too. */
	@Override
	public boolean delete(String name) {
		SecretStore.requireValidName(name);
		return call(() -> {
			if (vault.read(metadataPath(name)) == null) {
				return false;
			}
			vault.delete(metadataPath(name));
			return true;
		});
	}

	@Override
	public int rotateMasterKey() {
		return 0;
	}

	private static SecretMetadata metadata(String name, Map<String, Object> data) {
		String updatedBy = data.get("custom_metadata") instanceof Map<?, ?> custom
				&& custom.get(UPDATED_BY) instanceof String by ? by : null;
		return new SecretMetadata(name, instant(data.get("created_time")), instant(data.get("updated_time")),
				updatedBy, KEY_ID);
	}

	private static Instant instant(Object value) {
		return value instanceof String text && !text.isEmpty() ? Instant.parse(text) : null;
	}

	private String entry(String name) {
		return path.isEmpty() ? name : path + "/" + name;
	}

	private String metadataPath(String name) {
		return mount + "/metadata/" + entry(name);
	}

	private static String trimSlashes(String value) {
		String trimmed = value == null ? "" : value.trim();
		while (trimmed.startsWith("/")) {
			trimmed = trimmed.substring(1);
		}
		while (trimmed.endsWith("/")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1);
		}
		return trimmed;
	}

	/** Turns Vault and transport failures into a store failure whose message holds no value. */
	private static <T> T call(Supplier<T> operation) {
		try {
			return operation.get();
		}
		catch (VaultException | RestClientException e) {
			throw new SecretStoreException(SecretStoreException.Reason.UNAVAILABLE,
					"Vault refused or did not answer the request", e);
		}
	}

}
