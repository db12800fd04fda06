package dev.trellis.gateway.security;

import java.net.URI;
import java.net.http.HttpResponse;

import dev.trellis.testsupport.TestPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** A worker-only process serves health and metrics and nothing else, without any user store. */
@SpringBootTest(classes = SecurityTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "trellis.role=worker",
				"spring.autoconfigure.exclude=dev.trellis.temporal.TemporalWorkerConfiguration",
				"spring.flyway.locations=classpath:db/migration/security,classpath:db/migration/secrets",
				"management.endpoints.web.exposure.include=health,info" })
class WorkerSecurityIT {

	private static final TestPostgres.Database database = TestPostgres.freshDatabase();

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", database::jdbcUrl);
		registry.add("spring.datasource.username", database::username);
		registry.add("spring.datasource.password", database::password);
	}

	@Test
	void healthIsOpenAndEverythingElseIsRefused() {
		GatewayClient client = new GatewayClient(URI.create("http://127.0.0.1:" + port));

		HttpResponse<String> health = client.send("GET", "/actuator/health", null, null);
		HttpResponse<String> api = client.send("GET", "/api/me", "trl_anything", null);
		HttpResponse<String> root = client.send("GET", "/", null, null);

		assertThat(health.statusCode()).isIn(200, 503);
		assertThat(api.statusCode()).isIn(401, 403);
		assertThat(api.headers().firstValue("Content-Type")).hasValueSatisfying(
				v -> assertThat(v).startsWith("application/problem+json"));
		assertThat(root.statusCode()).isIn(401, 403);
		assertThat(context.getBeansOfType(SecurityFilterChain.class)).hasSize(1);
		assertThat(context.getBeanNamesForType(UserStore.class)).isEmpty();
		assertThat(context.getBeanNamesForType(RunAdmission.class)).isEmpty();
	}

}
