package dev.trellis.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * One real PostgreSQL server per test JVM; each caller gets a fresh, empty database on it so test
 * classes never see each other's rows.
 *
 * <pre>{@code
 * TestPostgres.Database db = TestPostgres.freshDatabase();
 * DataSource ds = new SimpleDriverDataSource(new org.postgresql.Driver(), db.jdbcUrl(), db.username(), db.password());
 * }</pre>
 */
public final class TestPostgres {

	private static final Logger log = LoggerFactory.getLogger(TestPostgres.class);

	private static final AtomicInteger databases = new AtomicInteger();

	private static Server server;

	private TestPostgres() {
	}

	/** Connection settings of one database. */
	public record Database(String jdbcUrl, String username, String password, String name) {
	}

	private record Server(String host, int port, String username, String password, AutoCloseable handle) {

		String url(String db) {
			return "jdbc:postgresql://" + host + ":" + port + "/" + db;
		}

	}

	/** Creates a new empty database on the shared server, starting the server on first use. */
	public static synchronized Database freshDatabase() {
		Server s = server();
		String name = "trellis_test_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
		try (Connection c = DriverManager.getConnection(s.url("postgres"), s.username(), s.password());
				Statement st = c.createStatement()) {
			st.execute("CREATE DATABASE " + name);
		}
		catch (SQLException e) {
			throw new IllegalStateException("Cannot create test database " + name, e);
		}
		return new Database(s.url(name), s.username(), s.password(), name);
	}

	/**
	 * Makes the database unreachable, as if its server were down, without touching the other tests'
	 * databases on the shared server: new connections are refused and open ones are terminated.
	 * {@link #acceptConnections} brings it back with its data intact.
	 */
	public static synchronized void refuseConnections(Database db) {
		admin("ALTER DATABASE " + db.name() + " WITH ALLOW_CONNECTIONS false",
				"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db.name() + "'");
	}

	/** Undoes {@link #refuseConnections}. */
	public static synchronized void acceptConnections(Database db) {
		admin("ALTER DATABASE " + db.name() + " WITH ALLOW_CONNECTIONS true");
	}

	private static void admin(String... statements) {
		Server s = server();
		try (Connection c = DriverManager.getConnection(s.url("postgres"), s.username(), s.password());
				Statement st = c.createStatement()) {
			for (String sql : statements) {
				st.execute(sql);
			}
		}
		catch (SQLException e) {
			throw new IllegalStateException("Cannot administer the test server: " + String.join("; ", statements), e);
		}
	}

	private static Server server() {
		if (server == null) {
			server = Docker.available() ? startContainer() : startEmbedded();
		}
		return server;
	}

	@SuppressWarnings("resource")
	private static Server startContainer() {
		GenericContainer<?> pg = new GenericContainer<>("postgres:16-alpine").withEnv("POSTGRES_PASSWORD", "postgres")
			.withExposedPorts(5432)
			.waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*", 2));
		pg.start();
		log.info("PostgreSQL for tests: Testcontainers {}", pg.getContainerId());
		return new Server(pg.getHost(), pg.getMappedPort(5432), "postgres", "postgres", pg::stop);
	}

	private static Server startEmbedded() {
		try {
			EmbeddedPostgres pg = EmbeddedPostgres.builder()
				.setServerConfig("max_connections", "300")
				.setServerConfig("fsync", "off")
				.setServerConfig("synchronous_commit", "off")
				.start();
			log.info("PostgreSQL for tests: embedded on port {}", pg.getPort());
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					pg.close();
				}
				catch (IOException ignored) {
					// The JVM is exiting; the embedded server's own reaper cleans up what is left.
				}
			}));
			return new Server("localhost", pg.getPort(), "postgres", "postgres", pg);
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot start embedded PostgreSQL", e);
		}
	}

}
