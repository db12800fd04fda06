package dev.trellis.gateway.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.testsupport.TestPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bootstrap admin on a database of its own, as several gateways would start against it. */
class BootstrapAdminIT {

	private static final String TOKEN = "first-bootstrap-token-0123456789";

	private UserStore users;

	private JdbcClient jdbc;

	@BeforeEach
	void freshDatabase() {
		TestPostgres.Database db = TestPostgres.freshDatabase();
		DataSource ds = new DriverManagerDataSource(db.jdbcUrl(), db.username(), db.password());
		Flyway.configure().dataSource(ds).locations("classpath:db/migration/security").load().migrate();
		users = new UserStore(ds, new DataSourceTransactionManager(ds), new AuditLog(ds, new ObjectMapper()));
		jdbc = JdbcClient.create(ds);
	}

	@Test
	void theConfiguredTokenBelongsToAnAdminNamedAdmin() {
		bootstrap(TOKEN, null).afterPropertiesSet();

		TokenAuthentication admin = users.authenticate(ApiTokens.hash(TOKEN)).orElseThrow();
		assertThat(admin.getName()).isEqualTo("admin");
		assertThat(Caller.of(admin).isAdmin()).isTrue();
	}

	@Test
	void theEnvironmentVariableIsReadWhenThePropertyIsNotSet() {
		bootstrap(null, TOKEN).afterPropertiesSet();

		assertThat(users.authenticate(ApiTokens.hash(TOKEN))).isPresent();
	}

	@Test
	void gatewaysStartingAtOnceLeaveOneUserAndOneToken() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Callable<Boolean>> starts = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				starts.add(() -> users.ensureBootstrapAdmin(TOKEN));
			}
			int stored = 0;
			for (Future<Boolean> start : pool.invokeAll(starts)) {
				stored += start.get() ? 1 : 0;
			}
			assertThat(stored).isEqualTo(1);
		}
		finally {
			pool.shutdown();
		}
		assertThat(jdbc.sql("SELECT count(*) FROM security_users").query(Integer.class).single()).isEqualTo(1);
		assertThat(jdbc.sql("SELECT count(*) FROM security_api_tokens").query(Integer.class).single()).isEqualTo(1);
		assertThat(jdbc.sql("SELECT count(*) FROM security_audit WHERE action = 'user.bootstrap'")
			.query(Integer.class)
			.single()).isEqualTo(1);
	}

	@Test
	void aNewBootstrapTokenRetiresThePreviousOne() {
		users.ensureBootstrapAdmin(TOKEN);

		users.ensureBootstrapAdmin("second-bootstrap-token-abcdefghij");

		assertThat(users.authenticate(ApiTokens.hash(TOKEN))).isEmpty();
		assertThat(users.authenticate(ApiTokens.hash("second-bootstrap-token-abcdefghij"))).isPresent();
	}

	@Test
	void aBootstrapTokenRevokedThroughTheApiStaysRevokedAfterARestart() {
		users.ensureBootstrapAdmin(TOKEN);
		UserStore.TokenInfo token = users.tokens("admin").get(0);
		users.revoke(token, "admin");

		users.ensureBootstrapAdmin(TOKEN);

		assertThat(users.authenticate(ApiTokens.hash(TOKEN))).isEmpty();
	}

	@Test
	void anExistingUserNamedAdminGetsTheAdminRole() {
		users.create("admin", EnumSet.of(Role.VIEWER), Set.of(), "someone");

		users.ensureBootstrapAdmin(TOKEN);

		assertThat(users.find("admin").orElseThrow().roles()).containsExactlyInAnyOrder(Role.ADMIN, Role.VIEWER);
	}

	@Test
	void aShortBootstrapTokenStopsTheStart() {
		assertThatThrownBy(() -> bootstrap("short", null).afterPropertiesSet())
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("at least 24 characters");
	}

	private BootstrapAdmin bootstrap(String property, String environment) {
		MockEnvironment env = new MockEnvironment();
		if (environment != null) {
			env.setProperty("TRELLIS_BOOTSTRAP_TOKEN", environment);
		}
		SecurityProperties props = new SecurityProperties(property, DataSize.ofMegabytes(1), 20,
				new SecurityProperties.RateLimits(30, 120, Duration.ofMinutes(1)),
				new SecurityProperties.FailureBurst(20, Duration.ofMinutes(1)),
				new SecurityProperties.Oidc(null, null, null, "preferred_username", "roles", "groups", ""));
		return new BootstrapAdmin(users, props, env);
	}

}
