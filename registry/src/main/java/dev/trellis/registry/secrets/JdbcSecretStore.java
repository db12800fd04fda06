package dev.trellis.registry.secrets;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The built-in store: values sealed with AES-256-GCM under a master key from the environment, kept
 * in PostgreSQL (table {@code secrets}). The database never sees a plaintext value or a key.
 */
class JdbcSecretStore implements SecretStore {

	private static final Logger log = LoggerFactory.getLogger(JdbcSecretStore.class);

	private final JdbcClient jdbc;

	private final MasterKeys keys;

	JdbcSecretStore(JdbcClient jdbc, MasterKeys keys) {
		this.jdbc = jdbc;
		this.keys = keys;
	}

	@Override
	public void put(String name, String value, String by) {
		SecretStore.requireValidName(name);
		SecretStore.requireValidValue(value);
		byte[] plain = utf8(value);
		try {
			jdbc.sql("""
					INSERT INTO secrets (name, key_id, ciphertext, updated_by) VALUES (:name, :keyId, :ciphertext, :by)
					ON CONFLICT (name) DO UPDATE SET key_id = EXCLUDED.key_id, ciphertext = EXCLUDED.ciphertext,
					    updated_at = now(), updated_by = EXCLUDED.updated_by
					""")
				.param("name", name)
				.param("keyId", keys.currentId())
				.param("ciphertext", keys.seal(plain, utf8(name)))
				.param("by", by)
				.update();
		}
		finally {
			Arrays.fill(plain, (byte) 0);
		}
	}

	@Override
	public String resolve(String name) {
		SecretStore.requireValidName(name);
		Sealed row = jdbc.sql("SELECT key_id, ciphertext FROM secrets WHERE name = :name")
			.param("name", name)
			.query((rs, i) -> new Sealed(rs.getString(1), rs.getBytes(2)))
			.optional()
			.orElseThrow(() -> SecretStoreException.notFound(name));
		byte[] plain = keys.open(row.keyId(), row.ciphertext(), utf8(name));
		try {
			return new String(plain, StandardCharsets.UTF_8);
		}
		finally {
			Arrays.fill(plain, (byte) 0);
		}
	}

	@Override
	public List<SecretMetadata> list() {
		return jdbc.sql("SELECT name, created_at, updated_at, updated_by, key_id FROM secrets ORDER BY name")
			.query((rs, i) -> new SecretMetadata(rs.getString(1), rs.getTimestamp(2).toInstant(),
					rs.getTimestamp(3).toInstant(), rs.getString(4), rs.getString(5)))
			.list();
	}

	@Override
	public boolean delete(String name) {
		SecretStore.requireValidName(name);
		return jdbc.sql("DELETE FROM secrets WHERE name = :name").param("name", name).update() > 0;
	}

	/**
	 * Re-seals, one row at a time, every value not under the current key. Each update is conditional
	 * on the row being unchanged, so a concurrent {@link #put} (already under the current key) wins
	 * and several gateways may rotate at once.
	 */
	@Override
	public int rotateMasterKey() {
		String current = keys.currentId();
		List<Stale> stale = jdbc
			.sql("SELECT name, key_id, ciphertext, updated_at FROM secrets WHERE key_id <> :current ORDER BY name")
			.param("current", current)
			.query((rs, i) -> new Stale(rs.getString(1), rs.getString(2), rs.getBytes(3), rs.getTimestamp(4)))
			.list();
		int rotated = 0;
		for (Stale row : stale) {
			rotated += reseal(row, current);
		}
		log.info("Re-encrypted {} of {} secret(s) under master key '{}'", rotated, stale.size(), current);
		return rotated;
	}

	private int reseal(Stale row, String current) {
		byte[] name = utf8(row.name());
		byte[] plain = keys.open(row.keyId(), row.ciphertext(), name);
		try {
			return jdbc.sql("""
					UPDATE secrets SET key_id = :current, ciphertext = :ciphertext
					WHERE name = :name AND key_id = :keyId AND updated_at = :updatedAt
					""")
				.param("current", current)
				.param("ciphertext", keys.seal(plain, name))
				.param("name", row.name())
				.param("keyId", row.keyId())
				.param("updatedAt", row.updatedAt())
				.update();
		}
		finally {
			Arrays.fill(plain, (byte) 0);
		}
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private record Sealed(String keyId, byte[] ciphertext) {
	}

	private record Stale(String name, String keyId, byte[] ciphertext, Timestamp updatedAt) {
	}

}
