package dev.trellis.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.trellis.testsupport.FreePorts;
import dev.trellis.testsupport.ProjectPaths;
import dev.trellis.testsupport.TemporalDevServer;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;

/**
 * A fresh real dev server ({@code temporal server start-dev} on a SQLite file) and a client for it.
 * Each scenario gets its own, so one scenario's history never slows another's queries, and the
 * file is deleted afterwards.
 */
final class BenchTemporal implements AutoCloseable {

	private final AutoCloseable server;

	private final Path directory;

	private final Optional<ProcessHandle> process;

	private final WorkflowServiceStubs service;

	private final WorkflowClient client;

	private BenchTemporal(AutoCloseable server, String target, Path directory, Optional<ProcessHandle> process) {
		this.server = server;
		this.directory = directory;
		this.process = process;
		this.service = WorkflowServiceStubs
			.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
		this.client = WorkflowClient.newInstance(service,
				WorkflowClientOptions.newBuilder().setNamespace("default").build());
	}

	/**
	 * The dev server exactly as the tests run it ({@link TemporalDevServer#startFresh}: SQLite file,
	 * {@code journal_mode=wal}, {@code synchronous=normal}).
	 */
	static BenchTemporal start(String name) {
		String qualified = "bench-" + name;
		TemporalDevServer server = TemporalDevServer.startFresh(qualified);
		// The directory startFresh chose: .trellis/test/temporal-<name>-<pid>/temporal.db.
		Path directory = ProjectPaths.scratch("temporal-" + qualified + "-" + ProcessHandle.current().pid());
		String port = String.valueOf(server.port());
		Optional<ProcessHandle> process = ProcessHandle.current()
			.children()
			.filter(p -> p.info().arguments().map(a -> List.of(a).contains(port)).orElse(false))
			.findFirst();
		return new BenchTemporal(server, server.target(), directory, process);
	}

	/**
	 * The same dev server with other SQLite settings, for the tuning experiments: other
	 * {@code pragmas} (e.g. {@code synchronous=off}), or no file at all ({@code inMemory}, the CLI's
	 * own default).
	 */
	static BenchTemporal startWith(String name, List<String> pragmas, boolean inMemory) {
		Path directory = ProjectPaths.scratch("temporal-bench-" + name + "-" + ProcessHandle.current().pid());
		int port = FreePorts.next();
		List<String> cmd = new ArrayList<>(List.of(TemporalDevServer.cli().toString(), "server", "start-dev",
				"--headless", "--ip", "127.0.0.1", "--port", String.valueOf(port), "--ui-port",
				String.valueOf(FreePorts.next()), "--log-level", "warn"));
		if (!inMemory) {
			cmd.addAll(List.of("--db-filename", directory.resolve("temporal.db").toString()));
		}
		pragmas.forEach(p -> cmd.addAll(List.of("--sqlite-pragma", p)));
		TemporalDevServer.SEARCH_ATTRIBUTES.forEach((k, v) -> cmd.addAll(List.of("--search-attribute", k + "=" + v)));
		try {
			Process process = new ProcessBuilder(cmd).redirectErrorStream(true)
				.redirectOutput(directory.resolve("temporal.log").toFile())
				.start();
			FreePorts.awaitListening(port, Duration.ofSeconds(60), "Temporal dev server");
			AutoCloseable stop = () -> {
				process.destroy();
				if (!process.waitFor(10, TimeUnit.SECONDS)) {
					process.destroyForcibly().waitFor();
				}
			};
			return new BenchTemporal(stop, "127.0.0.1:" + port, directory, Optional.of(process.toHandle()));
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot start the Temporal dev server", e);
		}
	}

	WorkflowClient client() {
		return client;
	}

	/**
	 * The journal mode the server's database really runs in, read from the file with python3's
	 * sqlite3: {@code --sqlite-pragma} was silently ignored by older CLIs (temporalio/cli#681), and
	 * WAL is the one pragma that persists in the file, so it is the one an outsider can check.
	 */
	String journalMode() {
		Path db = directory.resolve("temporal.db");
		if (!Files.exists(db)) {
			return "n/a (in memory)";
		}
		String script = "import sqlite3,sys;print(sqlite3.connect('file:'+sys.argv[1]+'?mode=ro',uri=True)"
				+ ".execute('pragma journal_mode').fetchone()[0])";
		try {
			Process python = new ProcessBuilder("python3", "-c", script, db.toString()).redirectErrorStream(true)
				.start();
			String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			return python.waitFor(10, TimeUnit.SECONDS) && python.exitValue() == 0 ? out : "unknown (" + out + ")";
		}
		catch (IOException e) {
			return "unknown (no python3)";
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return "unknown";
		}
	}

	/** CPU time the server process has used so far, from {@code /proc}; NaN where that is unavailable. */
	double serverCpuMillis() {
		return process.map(p -> ProcessCpu.millis(p.pid())).orElse(Double.NaN);
	}

	@Override
	public void close() {
		service.shutdownNow();
		try {
			server.close();
		}
		catch (Exception e) {
			throw new IllegalStateException("Cannot stop the dev server", e);
		}
		try (Stream<Path> files = Files.walk(directory)) {
			files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

}
