package dev.trellis.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real Trellis process ({@code java -jar app/target/trellis.jar}) for end-to-end tests: it can be
 * killed with {@code kill -9} and started again, exactly as an operator would.
 *
 * <pre>{@code
 * TrellisProcess worker = TrellisProcess.builder("worker-1").role("worker").env(stack.env()).start();
 * worker.kill();            // SIGKILL, no shutdown hooks
 * worker.start();           // same settings, new process
 * }</pre>
 */
public final class TrellisProcess implements AutoCloseable {

	private final String name;

	private final int port;

	private final Map<String, String> env;

	private Process process;

	private TrellisProcess(String name, int port, Map<String, String> env) {
		this.name = name;
		this.port = port;
		this.env = env;
	}

	public static Builder builder(String name) {
		return new Builder(name);
	}

	/** Settings of one process; {@link #env(Map)} carries the stack's addresses. */
	public static final class Builder {

		private final String name;

		private final Map<String, String> env = new LinkedHashMap<>();

		private int port = FreePorts.next();

		private Builder(String name) {
			this.name = name;
		}

		public Builder role(String role) {
			env.put("TRELLIS_ROLE", role);
			return this;
		}

		public Builder env(Map<String, String> values) {
			env.putAll(values);
			return this;
		}

		public Builder env(String key, String value) {
			env.put(key, value);
			return this;
		}

		public Builder port(int value) {
			this.port = value;
			return this;
		}

		public TrellisProcess start() {
			TrellisProcess p = new TrellisProcess(name, port, Map.copyOf(env));
			p.start();
			Runtime.getRuntime().addShutdownHook(new Thread(p::kill));
			return p;
		}

	}

	public static Path jar() {
		Path jar = ProjectPaths.repositoryRoot().resolve("app/target/trellis.jar");
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("Missing " + jar + ": end-to-end tests run after `mvn package` of app");
		}
		return jar;
	}

	/** Starts the process and waits until its readiness probe says UP. */
	public synchronized void start() {
		Path log = ProjectPaths.scratch("processes").resolve(name + "-" + ProcessHandle.current().pid() + ".log");
		List<String> cmd = new ArrayList<>(List.of(javaBinary(), "-Xmx512m", "-XX:+UseSerialGC",
				"-XX:TieredStopAtLevel=1", "-jar", jar().toString()));
		ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		pb.environment().putAll(env);
		pb.environment().put("TRELLIS_PORT", String.valueOf(port));
		try {
			process = pb.start();
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot start " + name, e);
		}
		awaitReady(Duration.ofSeconds(120), log);
	}

	private void awaitReady(Duration timeout, Path log) {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
		Instant deadline = Instant.now().plus(timeout);
		while (Instant.now().isBefore(deadline)) {
			if (!process.isAlive()) {
				throw new IllegalStateException(name + " exited during start; log: " + log);
			}
			try {
				HttpResponse<String> r = http.send(
						HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health/readiness")).build(),
						HttpResponse.BodyHandlers.ofString());
				if (r.statusCode() == 200) {
					return;
				}
			}
			catch (IOException e) {
				// Not listening yet.
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(e);
			}
			sleep(250);
		}
		throw new IllegalStateException(name + " was not ready within " + timeout + "; log: " + log);
	}

	/** {@code kill -9}: no shutdown hook, no drain, in-flight tasks are abandoned. */
	public synchronized void kill() {
		if (process != null && process.isAlive()) {
			process.destroyForcibly();
			try {
				process.waitFor();
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** SIGTERM: a graceful stop that drains in-flight tasks. */
	public synchronized void terminate() {
		if (process != null && process.isAlive()) {
			process.destroy();
			try {
				process.waitFor();
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + port;
	}

	public int port() {
		return port;
	}

	public boolean isAlive() {
		return process != null && process.isAlive();
	}

	@Override
	public void close() {
		kill();
	}

	/** The newest JDK is what the launcher uses; tests use the JVM running them. */
	private static String javaBinary() {
		return ProcessHandle.current().info().command().orElse("java");
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

}
