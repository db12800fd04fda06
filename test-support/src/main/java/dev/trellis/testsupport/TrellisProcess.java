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
 *
 * // Several processes booting at once, then waiting for each:
 * TrellisProcess a = TrellisProcess.builder("worker-a").role("worker").env(stack.env()).launch();
 * TrellisProcess b = TrellisProcess.builder("worker-b").role("worker").env(stack.env()).launch();
 * a.awaitReady();
 * b.awaitReady();
 * }</pre>
 */
public final class TrellisProcess implements AutoCloseable {

	private final String name;

	private final int port;

	private final Map<String, String> env;

	private Process process;

	private final Duration readyWithin;

	private Path log;

	private TrellisProcess(String name, int port, Map<String, String> env, Duration readyWithin) {
		this.name = name;
		this.port = port;
		this.env = env;
		this.readyWithin = readyWithin;
	}

	public static Builder builder(String name) {
		return new Builder(name);
	}

	/** Settings of one process; {@link #env(Map)} carries the stack's addresses. */
	public static final class Builder {

		private final String name;

		private final Map<String, String> env = new LinkedHashMap<>();

		private int port = FreePorts.next();

		private Duration readyWithin = Duration.ofSeconds(120);

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

		/**
		 * How long the process may take to become ready (default 2 minutes). Several processes
		 * booting at once on a small machine share its cores and need longer each.
		 */
		public Builder readyWithin(Duration value) {
			this.readyWithin = value;
			return this;
		}

		/** Starts the process and waits until it is ready. */
		public TrellisProcess start() {
			TrellisProcess p = launch();
			p.awaitReady();
			return p;
		}

		/**
		 * Starts the process without waiting, so that several can boot at once; call
		 * {@link TrellisProcess#awaitReady()} before using it.
		 */
		public TrellisProcess launch() {
			TrellisProcess p = new TrellisProcess(name, port, Map.copyOf(env), readyWithin);
			// Registered before anything can fail, so that a process that never becomes ready is still
			// killed when the test JVM exits.
			Runtime.getRuntime().addShutdownHook(new Thread(p::kill));
			p.launch();
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

	/** Starts the process (again, after a kill) and waits until its readiness probe says UP. */
	public synchronized void start() {
		launch();
		awaitReady();
	}

	private synchronized void launch() {
		log = ProjectPaths.scratch("processes").resolve(name + "-" + ProcessHandle.current().pid() + ".log");
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
	}

	/**
	 * Waits until the readiness probe says UP. A process that does not get there is killed before
	 * the failure is thrown: left running, it would hold its port and CPU for the rest of the build.
	 */
	public void awaitReady() {
		try {
			awaitReady(readyWithin);
		}
		catch (RuntimeException e) {
			kill();
			throw e;
		}
	}

	private void awaitReady(Duration timeout) {
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

	/** SIGTERM: a graceful stop that drains in-flight tasks; returns once the process has exited. */
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

	/** The process's output (stdout and stderr), appended across restarts. */
	public Path log() {
		return log;
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + port;
	}

	public int port() {
		return port;
	}

	/** The process id; Trellis names its Temporal identity after it ({@code trellis@<pid>}). */
	public long pid() {
		return process.pid();
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
