package dev.trellis.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import redis.embedded.RedisServer;

/**
 * The embedded PostgreSQL and Redis of {@code ./trellis dev}: the same binaries the tests use, but
 * with persistent data under {@code .trellis/data} so a restart (even after {@code kill -9}) finds
 * every registry entry, run and pending approval again.
 *
 * <p>Usage: {@code java -cp <test-support classpath> dev.trellis.testsupport.DevStack <dataDir> <pgPort> <redisPort>}.
 * Stops both servers cleanly on SIGTERM/SIGINT. A PostgreSQL left running by a killed stack is shut
 * down by the embedded library on the next start; a Redis left running is found by its pid file and
 * stopped here.
 */
public final class DevStack {

	private DevStack() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length != 3) {
			System.err.println("usage: DevStack <dataDir> <pgPort> <redisPort>");
			System.exit(2);
		}
		Path data = Path.of(args[0]).toAbsolutePath();
		int pgPort = Integer.parseInt(args[1]);
		int redisPort = Integer.parseInt(args[2]);

		EmbeddedPostgres pg = EmbeddedPostgres.builder()
			.setDataDirectory(Files.createDirectories(data.resolve("postgres")).toFile())
			.setCleanDataDirectory(false)
			.setPort(pgPort)
			.setServerConfig("listen_addresses", "127.0.0.1")
			.setServerConfig("max_connections", "200")
			.start();
		ensureDatabase(pg);
		System.out.println("postgres ready on 127.0.0.1:" + pgPort);

		Path redisDir = Files.createDirectories(data.resolve("redis"));
		Path redisPid = redisDir.resolve("redis.pid");
		stopLeftover(redisPid);
		RedisServer redis = RedisServer.newRedisServer()
			.bind("127.0.0.1")
			.port(redisPort)
			.setting("dir " + redisDir)
			.setting("appendonly yes")
			.setting("pidfile " + redisPid)
			.setting("daemonize no")
			.build();
		redis.start();
		FreePorts.awaitListening(redisPort, Duration.ofSeconds(20), "Redis");
		System.out.println("redis ready on 127.0.0.1:" + redisPort);

		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			try {
				redis.stop();
			}
			catch (IOException ignored) {
				// Redis persisted with appendonly; a failed stop only leaves a process the next start removes.
			}
			try {
				pg.close();
			}
			catch (IOException ignored) {
				// The embedded library shuts down an orphaned postmaster on the next start.
			}
			stopped.countDown();
		}));
		System.out.println("devstack ready");
		stopped.await();
	}

	/** The application connects as {@code trellis/trellis} to database {@code trellis}. */
	private static void ensureDatabase(EmbeddedPostgres pg) throws Exception {
		try (Connection c = pg.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
			try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = 'trellis'")) {
				if (!rs.next()) {
					st.execute("CREATE ROLE trellis LOGIN PASSWORD 'trellis'");
				}
			}
			try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = 'trellis'")) {
				if (!rs.next()) {
					st.execute("CREATE DATABASE trellis OWNER trellis");
				}
			}
		}
	}

	private static void stopLeftover(Path pidFile) throws Exception {
		if (!Files.exists(pidFile)) {
			return;
		}
		String pid = Files.readString(pidFile).trim();
		if (!pid.isEmpty()) {
			var leftover = ProcessHandle.of(Long.parseLong(pid));
			if (leftover.isPresent() && leftover.get().info().command().orElse("").contains("redis")) {
				System.out.println("stopping Redis left running by an earlier stack (pid " + pid + ")");
				leftover.get().destroy();
				leftover.get().onExit().get();
			}
		}
		Files.deleteIfExists(pidFile);
	}

}
