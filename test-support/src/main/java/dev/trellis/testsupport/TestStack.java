package dev.trellis.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Temporal dev server, PostgreSQL and Redis for end-to-end tests, with the environment a
 * {@link TrellisProcess} needs to join them.
 *
 * <pre>{@code
 * TestStack stack = TestStack.start("durability");
 * TrellisProcess app = TrellisProcess.builder("app").env(stack.env()).start();
 * }</pre>
 */
public final class TestStack implements AutoCloseable {

	/** The bootstrap admin token every end-to-end process accepts. */
	public static final String ADMIN_TOKEN = "trl_e2e_admin_token_for_tests_only";

	private final TemporalDevServer temporal;

	private final TestPostgres.Database database;

	private final TestRedis redis;

	private TestStack(TemporalDevServer temporal, TestPostgres.Database database, TestRedis redis) {
		this.temporal = temporal;
		this.database = database;
		this.redis = redis;
	}

	public static TestStack start(String name) {
		return new TestStack(TemporalDevServer.startFresh(name), TestPostgres.freshDatabase(), TestRedis.dedicated());
	}

	public Map<String, String> env() {
		Map<String, String> env = new LinkedHashMap<>();
		env.put("TRELLIS_TEMPORAL_TARGET", temporal.target());
		env.put("TRELLIS_DB_URL", database.jdbcUrl());
		env.put("TRELLIS_DB_USER", database.username());
		env.put("TRELLIS_DB_PASSWORD", database.password());
		env.put("TRELLIS_REDIS_URL", redis.url());
		env.put("TRELLIS_BOOTSTRAP_TOKEN", ADMIN_TOKEN);
		env.put("TRELLIS_MASTER_KEY", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
		env.put("TRELLIS_TEMPORAL_ENCRYPTION_KEY", "HyAhIiMkJSYnKCkqKywtLi8wMTIzNDU2Nzg5Ojs8PT4=");
		env.put("TRELLIS_TOOLS_WORKSPACE", ProjectPaths.scratch("workspace-" + database.name()).toString());
		return env;
	}

	public TemporalDevServer temporal() {
		return temporal;
	}

	public TestPostgres.Database database() {
		return database;
	}

	public TestRedis redis() {
		return redis;
	}

	@Override
	public void close() {
		temporal.close();
		redis.close();
	}

}
