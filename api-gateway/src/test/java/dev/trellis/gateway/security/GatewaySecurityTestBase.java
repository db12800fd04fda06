package dev.trellis.gateway.security;

import java.net.URI;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.trellis.testsupport.TestPostgres;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One gateway for the security integration tests (Spring caches the context across the classes that
 * share this configuration): a fresh PostgreSQL database migrated by Flyway, the shared Redis, keys
 * for the secret store and the payload codec, and a bootstrap admin.
 */
@SpringBootTest(classes = SecurityTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "trellis.role=gateway",
				"spring.flyway.locations=classpath:db/migration/security,classpath:db/migration/secrets",
				"spring.jackson.deserialization.fail-on-unknown-properties=true",
				"spring.jackson.serialization.write-dates-as-timestamps=false",
				"spring.mvc.problemdetails.enabled=true", "server.error.include-stacktrace=never",
				"springdoc.api-docs.path=/api/openapi.json",
				"management.endpoints.web.exposure.include=health,info",
				"trellis.security.max-body-size=64KB", "trellis.security.rate-limits.run-starts=3",
				"trellis.security.rate-limits.approval-decisions=4", "trellis.security.auth-failure-burst.threshold=5",
				"trellis.temporal.ui-url=http://localhost:8233/" })
public abstract class GatewaySecurityTestBase {

	static final String BOOTSTRAP_TOKEN = "bootstrap-" + UUID.randomUUID();

	static final String MASTER_KEY = randomKey();

	static final String PAYLOAD_KEY = randomKey();

	private static final TestPostgres.Database database = TestPostgres.freshDatabase();

	private static final AtomicInteger users = new AtomicInteger();

	@LocalServerPort
	int port;

	GatewayClient client;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", database::jdbcUrl);
		registry.add("spring.datasource.username", database::username);
		registry.add("spring.datasource.password", database::password);
		registry.add("trellis.security.bootstrap-token", () -> BOOTSTRAP_TOKEN);
		registry.add("trellis.secrets.master-key", () -> MASTER_KEY);
		registry.add("trellis.temporal.encryption.key", () -> PAYLOAD_KEY);
	}

	static String randomKey() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return Base64.getEncoder().encodeToString(key);
	}

	static TestPostgres.Database database() {
		return database;
	}

	@BeforeEach
	void connect() {
		client = new GatewayClient(URI.create("http://127.0.0.1:" + port));
	}

	/** A new user with the given roles and groups, created by the bootstrap admin. */
	AuthorizationMatrix.Identity newUser(String prefix, List<String> roles, List<String> groups) {
		String username = prefix + "-" + users.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 6);
		HttpResponse<String> created = client.send("POST", "/api/users", BOOTSTRAP_TOKEN,
				json("username", username, "roles", roles, "groups", groups));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		return new AuthorizationMatrix.Identity(username, GatewayClient.body(created).get("token").asText());
	}

	AuthorizationMatrix.Identity newUser(Role role) {
		return newUser(role.id(), List.of(role.id()), List.of());
	}

	/** A JSON object from alternating names and values (strings, numbers or lists of strings). */
	static String json(Object... namesAndValues) {
		StringBuilder sb = new StringBuilder("{");
		for (int i = 0; i < namesAndValues.length; i += 2) {
			if (i > 0) {
				sb.append(',');
			}
			sb.append('"').append(namesAndValues[i]).append("\":").append(value(namesAndValues[i + 1]));
		}
		return sb.append('}').toString();
	}

	private static String value(Object value) {
		if (value instanceof List<?> list) {
			return list.stream().map(GatewaySecurityTestBase::value).toList().toString().replace(", ", ",");
		}
		if (value instanceof Number || value == null) {
			return String.valueOf(value);
		}
		return '"' + value.toString().replace("\\", "\\\\").replace("\"", "\\\"") + '"';
	}

}
