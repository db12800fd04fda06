package dev.trellis.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import redis.embedded.RedisServer;

/**
 * A real Redis for tests. {@link #shared()} is one server per JVM; {@link #dedicated()} gives a
 * test its own server that it may stop and start again (degradation tests).
 */
public final class TestRedis implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(TestRedis.class);

	private static TestRedis shared;

	private final int port;

	private final String host;

	private RedisServer embedded;

	private GenericContainer<?> container;

	private TestRedis(int port) {
		this.port = port;
		this.host = "127.0.0.1";
	}

	@SuppressWarnings("resource")
	private TestRedis(GenericContainer<?> container) {
		this.container = container;
		this.host = container.getHost();
		this.port = container.getMappedPort(6379);
	}

	public static synchronized TestRedis shared() {
		if (shared == null) {
			shared = dedicated();
			Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
		}
		return shared;
	}

	@SuppressWarnings("resource")
	public static TestRedis dedicated() {
		if (Docker.available()) {
			GenericContainer<?> c = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
			c.start();
			return new TestRedis(c);
		}
		TestRedis redis = new TestRedis(FreePorts.next());
		redis.start();
		return redis;
	}

	public String host() {
		return host;
	}

	public int port() {
		return port;
	}

	/** {@code redis://host:port}, the address format Redisson expects. */
	public String url() {
		return "redis://" + host + ":" + port;
	}

	/** Starts (again) an embedded server on the same port. */
	public synchronized void start() {
		if (container != null) {
			container.start();
			return;
		}
		try {
			embedded = RedisServer.newRedisServer().bind("127.0.0.1").port(port).setting("save \"\"").build();
			embedded.start();
			FreePorts.awaitListening(port, Duration.ofSeconds(20), "Redis");
			log.info("Redis for tests: embedded on port {}", port);
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot start embedded Redis on port " + port, e);
		}
	}

	/** Stops the server, keeping the port so {@link #start()} brings it back at the same address. */
	public synchronized void stop() {
		try {
			if (embedded != null) {
				embedded.stop();
				embedded = null;
			}
			if (container != null) {
				container.stop();
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	@Override
	public void close() {
		stop();
	}

}
