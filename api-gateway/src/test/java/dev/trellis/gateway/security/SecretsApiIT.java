package dev.trellis.gateway.security;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.gateway.security.AuthorizationMatrix.Identity;
import dev.trellis.registry.secrets.SecretStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secrets over REST: write-only values, encrypted at rest, audited, and absent from every log line,
 * even with Spring MVC's request logging at DEBUG.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsApiIT extends GatewaySecurityTestBase {

	private static final String VALUE = "sk-test-51Hq8ZtLmN0pQrStUvWxYz";

	private static final LoggingSystem logging = LoggingSystem.get(SecretsApiIT.class.getClassLoader());

	@Autowired
	DataSource dataSource;

	@Autowired
	SecretStore secrets;

	@BeforeAll
	static void verboseWebLogging() {
		logging.setLogLevel("org.springframework.web", LogLevel.DEBUG);
		logging.setLogLevel("org.springframework.security", LogLevel.DEBUG);
	}

	@AfterAll
	static void quietWebLogging() {
		logging.setLogLevel("org.springframework.web", null);
		logging.setLogLevel("org.springframework.security", null);
	}

	@Test
	void aBuilderWritesASecretThatIsListedWithoutItsValueAndResolvesForActivities(CapturedOutput output) {
		Identity builder = newUser(Role.BUILDER);
		String name = "openai-" + System.nanoTime();

		HttpResponse<String> put = client.send("PUT", "/api/secrets/" + name, builder.token(), json("value", VALUE));

		assertThat(put.statusCode()).isEqualTo(204);
		HttpResponse<String> list = client.send("GET", "/api/secrets", builder.token(), null);
		assertThat(list.statusCode()).isEqualTo(200);
		assertThat(list.body()).contains(name).doesNotContain(VALUE).doesNotContain("sk-test");
		JsonNode entry = null;
		for (JsonNode e : GatewayClient.body(list)) {
			if (e.get("name").asText().equals(name)) {
				entry = e;
			}
		}
		assertThat(entry).isNotNull();
		assertThat(entry.get("updatedBy").asText()).isEqualTo(builder.username());
		assertThat(entry.has("value")).isFalse();
		assertThat(entry.get("keyId").asText()).startsWith("k-");
		assertThat(secrets.resolveReference("secret://" + name)).isEqualTo(VALUE);

		assertThat(output.getAll()).doesNotContain(VALUE).doesNotContain("sk-test");
	}

	@Test
	void theDatabaseHoldsCiphertextOnly() {
		Identity admin = newUser(Role.ADMIN);
		String name = "db-check-" + System.nanoTime();
		client.send("PUT", "/api/secrets/" + name, admin.token(), json("value", VALUE));

		byte[] stored = JdbcClient.create(dataSource)
			.sql("SELECT ciphertext FROM secrets WHERE name = :name")
			.param("name", name)
			.query((rs, i) -> rs.getBytes(1))
			.single();

		assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(VALUE).doesNotContain("sk-test");
	}

	@Test
	void readersAndReviewersCannotTouchSecretsAndNoOneReadsAValue() {
		Identity viewer = newUser(Role.VIEWER);
		Identity reviewer = newUser(Role.REVIEWER);
		Identity admin = newUser(Role.ADMIN);
		String name = "guarded-" + System.nanoTime();
		client.send("PUT", "/api/secrets/" + name, admin.token(), json("value", VALUE));

		assertThat(client.send("PUT", "/api/secrets/" + name, viewer.token(), json("value", "x")).statusCode())
			.isEqualTo(403);
		assertThat(client.send("GET", "/api/secrets", reviewer.token(), null).statusCode()).isEqualTo(403);
		assertThat(client.send("DELETE", "/api/secrets/" + name, viewer.token(), null).statusCode()).isEqualTo(403);
		// There is no endpoint that returns a value: reading one by name is not routed at all.
		HttpResponse<String> byName = client.send("GET", "/api/secrets/" + name, admin.token(), null);
		assertThat(byName.statusCode()).isEqualTo(403);
		assertThat(byName.body()).doesNotContain(VALUE);
	}

	@Test
	void deletingRemovesTheSecretAndIsAudited() {
		Identity builder = newUser(Role.BUILDER);
		String name = "temp-" + System.nanoTime();
		client.send("PUT", "/api/secrets/" + name, builder.token(), json("value", VALUE));

		assertThat(client.send("DELETE", "/api/secrets/" + name, builder.token(), null).statusCode()).isEqualTo(204);
		assertThat(client.send("DELETE", "/api/secrets/" + name, builder.token(), null).statusCode()).isEqualTo(404);

		String audit = client.send("GET", "/api/audit?limit=200", BOOTSTRAP_TOKEN, null).body();
		assertThat(audit).contains("secret.written").contains("secret.deleted").contains(name).doesNotContain(VALUE);
	}

	@Test
	void invalidWritesAreProblemsThatNeverEchoTheValue(CapturedOutput output) {
		Identity builder = newUser(Role.BUILDER);

		HttpResponse<String> badName = client.send("PUT", "/api/secrets/bad%20name", builder.token(),
				json("value", VALUE));
		HttpResponse<String> empty = client.send("PUT", "/api/secrets/empty", builder.token(), json("value", ""));
		HttpResponse<String> unknownField = client.send("PUT", "/api/secrets/extra", builder.token(),
				json("value", VALUE, "comment", "x"));
		HttpResponse<String> notJson = client.send("PUT", "/api/secrets/broken", builder.token(),
				"{\"value\": \"" + VALUE + "\"");

		assertThat(badName.statusCode()).isEqualTo(400);
		assertThat(empty.statusCode()).isEqualTo(400);
		assertThat(unknownField.statusCode()).isEqualTo(400);
		assertThat(notJson.statusCode()).isEqualTo(400);
		for (HttpResponse<String> r : List.of(badName, empty, unknownField, notJson)) {
			assertThat(r.body()).doesNotContain(VALUE).doesNotContain("sk-test");
		}
		assertThat(output.getAll()).doesNotContain(VALUE).doesNotContain("sk-test");
	}

	@Test
	void rotatingTheMasterKeyIsForAdminsAndKeepsValuesReadable() {
		Identity admin = newUser(Role.ADMIN);
		Identity builder = newUser(Role.BUILDER);
		String name = "rotating-" + System.nanoTime();
		client.send("PUT", "/api/secrets/" + name, admin.token(), json("value", VALUE));

		assertThat(client.send("POST", "/api/secrets/rotate-master-key", builder.token(), null).statusCode())
			.isEqualTo(403);
		HttpResponse<String> rotated = client.send("POST", "/api/secrets/rotate-master-key", admin.token(), null);

		assertThat(rotated.statusCode()).isEqualTo(200);
		assertThat(GatewayClient.body(rotated).get("reencrypted").asInt()).isZero();
		assertThat(secrets.resolve(name)).isEqualTo(VALUE);
	}

}
