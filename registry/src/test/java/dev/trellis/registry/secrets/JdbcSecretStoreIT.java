package dev.trellis.registry.secrets;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import dev.trellis.testsupport.TestPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JdbcSecretStoreIT {

	private static final String VALUE = "sk-live-5f3e2a9c1d7b";

	private static JdbcClient jdbc;

	private final byte[] key = MasterKeysTest.newKey();

	private JdbcSecretStore store;

	@BeforeAll
	static void database() {
		TestPostgres.Database db = TestPostgres.freshDatabase();
		DataSource ds = new SimpleDriverDataSource(new org.postgresql.Driver(), db.jdbcUrl(), db.username(),
				db.password());
		Flyway.configure().dataSource(ds).locations("classpath:db/migration/secrets").load().migrate();
		jdbc = JdbcClient.create(ds);
	}

	@BeforeEach
	void emptyStore() {
		jdbc.sql("DELETE FROM secrets").update();
		store = new JdbcSecretStore(jdbc, MasterKeys.of("m1", key, Map.of()));
	}

	@Test
	void aWrittenValueResolvesAndAReferenceToo() {
		store.put("openai-key", VALUE, "ana");

		assertThat(store.resolve("openai-key")).isEqualTo(VALUE);
		assertThat(store.resolveReference("secret://openai-key")).isEqualTo(VALUE);
		assertThat(store.resolveReference("plain-text")).isEqualTo("plain-text");
	}

	@Test
	void theDatabaseHoldsOnlyCiphertext() {
		store.put("openai-key", VALUE, "ana");

		byte[] stored = jdbc.sql("SELECT ciphertext FROM secrets WHERE name = 'openai-key'")
			.query((rs, i) -> rs.getBytes(1))
			.single();
		String dump = jdbc.sql("SELECT row_to_json(s)::text FROM secrets s").query(String.class).single();

		assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(VALUE).doesNotContain("sk-live");
		assertThat(dump).doesNotContain(VALUE).doesNotContain("sk-live");
	}

	@Test
	void listingShowsMetadataAndNeverAValue() {
		store.put("b-token", "first", "ana");
		store.put("a-key", VALUE, "ana");
		store.put("b-token", "second", "ben");

		List<SecretMetadata> all = store.list();

		assertThat(all).extracting(SecretMetadata::name).containsExactly("a-key", "b-token");
		SecretMetadata token = all.get(1);
		assertThat(token.updatedBy()).isEqualTo("ben");
		assertThat(token.keyId()).isEqualTo("m1");
		assertThat(token.updatedAt()).isAfterOrEqualTo(token.createdAt());
		assertThat(all.toString()).doesNotContain(VALUE).doesNotContain("second");
		assertThat(store.resolve("b-token")).isEqualTo("second");
	}

	@Test
	void rotationReEncryptsEveryValueUnderTheNewKeyAndKeepsThemReadable() {
		store.put("a", "value-a", "ana");
		store.put("b", "value-b", "ana");
		byte[] newKey = MasterKeysTest.newKey();
		JdbcSecretStore rotated = new JdbcSecretStore(jdbc, MasterKeys.of("m2", newKey, Map.of("m1", key)));

		assertThat(rotated.resolve("a")).isEqualTo("value-a");
		assertThat(rotated.rotateMasterKey()).isEqualTo(2);
		assertThat(rotated.rotateMasterKey()).isZero();

		assertThat(rotated.list()).extracting(SecretMetadata::keyId).containsOnly("m2");
		JdbcSecretStore newKeyOnly = new JdbcSecretStore(jdbc, MasterKeys.of("m2", newKey, Map.of()));
		assertThat(newKeyOnly.resolve("a")).isEqualTo("value-a");
		assertThat(newKeyOnly.resolve("b")).isEqualTo("value-b");
	}

	@Test
	void aCiphertextMovedToAnotherRowDoesNotDecrypt() {
		store.put("a", "value-a", "ana");
		store.put("b", "value-b", "ana");
		jdbc.sql("UPDATE secrets SET ciphertext = (SELECT ciphertext FROM secrets WHERE name = 'a') WHERE name = 'b'")
			.update();

		assertThatThrownBy(() -> store.resolve("b")).isInstanceOf(SecretStoreException.class)
			.hasMessageNotContaining("value-a");
	}

	@Test
	void deleteRemovesAndReportsAbsence() {
		store.put("a", "value-a", "ana");

		assertThat(store.delete("a")).isTrue();
		assertThat(store.delete("a")).isFalse();
		assertThatThrownBy(() -> store.resolve("a")).isInstanceOfSatisfying(SecretStoreException.class,
				e -> assertThat(e.reason()).isEqualTo(SecretStoreException.Reason.NOT_FOUND));
	}

	@Test
	void badNamesAndValuesAreRejectedWithoutQuotingTheValue() {
		assertThatThrownBy(() -> store.put("../etc", "v", "ana")).isInstanceOfSatisfying(SecretStoreException.class,
				e -> assertThat(e.reason()).isEqualTo(SecretStoreException.Reason.INVALID));
		assertThatThrownBy(() -> store.put("ok", "", "ana")).isInstanceOf(SecretStoreException.class);
		String huge = "x".repeat(SecretStore.MAX_VALUE_BYTES + 1);
		assertThatThrownBy(() -> store.put("ok", huge, "ana")).isInstanceOf(SecretStoreException.class)
			.hasMessageNotContaining("xxxx");
	}

	@Test
	void withoutAMasterKeyTheStoreAnswersUnavailable() {
		JdbcSecretStore keyless = new JdbcSecretStore(jdbc, MasterKeys.none());

		assertThatThrownBy(() -> keyless.put("a", "v", "ana")).isInstanceOfSatisfying(SecretStoreException.class,
				e -> assertThat(e.reason()).isEqualTo(SecretStoreException.Reason.UNAVAILABLE));
		assertThat(keyless.list()).isEmpty();
	}

}
