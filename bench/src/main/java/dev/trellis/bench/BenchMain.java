package dev.trellis.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import dev.trellis.testsupport.ProjectPaths;

/**
 * {@code ./trellis bench [--quick] [--no-docs] [scenario...]}: runs the scenarios (all of the issue's
 * by default), prints one table row per metric with the machine, JDK, date and load, and appends the
 * same as Markdown to {@code docs/benchmarks.md} (created with its method header when missing).
 * Progress goes to stderr so stdout is only the table. Exits 1 when a scenario failed; the others
 * still run and report.
 */
public final class BenchMain {

	private static final long STARTED = System.nanoTime();

	private static final Map<String, Supplier<Scenario>> SCENARIOS = scenarios();

	/** Run only when named: experiments behind the tuning notes in docs/benchmarks.md. */
	private static final List<String> ON_REQUEST = List.of("concurrency-platform-threads", "tuning");

	private BenchMain() {
	}

	public static void main(String[] args) throws IOException {
		boolean quick = false;
		boolean docs = true;
		List<String> chosen = new ArrayList<>();
		for (String arg : args) {
			switch (arg) {
				case "--quick" -> quick = true;
				case "--no-docs" -> docs = false;
				case "-h", "--help" -> {
					usage();
					return;
				}
				default -> {
					if (!SCENARIOS.containsKey(arg)) {
						System.err.println("Unknown scenario '" + arg + "'.");
						usage();
						System.exit(2);
					}
					chosen.add(arg);
				}
			}
		}
		if (chosen.isEmpty()) {
			SCENARIOS.keySet().stream().filter(n -> !ON_REQUEST.contains(n)).forEach(chosen::add);
		}
		double loadBefore = Machine.load();
		String date = Machine.now();
		say("benchmarks " + String.join(", ", chosen) + (quick ? " (quick)" : "") + String.format(Locale.ROOT,
				"; load average %.2f on %d cores", loadBefore, Machine.cores()));
		if (loadBefore > 2.0 * Machine.cores()) {
			say("warning: the machine is busy (load " + loadBefore + "); numbers will be slower and noisier");
		}

		Report report = new Report();
		boolean failed = false;
		for (String name : chosen) {
			Scenario scenario = SCENARIOS.get(name).get();
			say("== " + name);
			try {
				scenario.run(report, quick);
			}
			catch (Exception | AssertionError e) {
				failed = true;
				report.note(name, "error", e.getClass().getSimpleName() + ": " + e.getMessage());
				e.printStackTrace();
			}
		}
		double elapsed = (System.nanoTime() - STARTED) / 1e9;
		report.header("date: " + date + ", commit " + Machine.commit(ProjectPaths.repositoryRoot()) + ", mode "
				+ (quick ? "--quick" : "full") + ", scenarios " + String.join(" ", chosen));
		report.header(Machine.describe());
		report.header(Machine.jdk());
		report.header(String.format(Locale.ROOT, "load average (1 min): %.2f at start, %.2f at end; wall time %.0f s",
				loadBefore, Machine.load(), elapsed));
		System.out.print(report.text());
		if (docs) {
			Path file = appendToDocs(report, date + (quick ? " · quick" : " · full"));
			say("appended to " + ProjectPaths.repositoryRoot().relativize(file));
		}
		// gRPC and HTTP client threads would keep the JVM alive otherwise.
		System.exit(failed ? 1 : 0);
	}

	/** Progress on stderr, stamped with seconds since start. */
	static void say(String message) {
		System.err.printf(Locale.ROOT, "[bench %6.1fs] %s%n", (System.nanoTime() - STARTED) / 1e9, message);
	}

	private static Map<String, Supplier<Scenario>> scenarios() {
		Map<String, Supplier<Scenario>> all = new LinkedHashMap<>();
		all.put("overhead", OverheadScenario::new);
		all.put("throughput", ThroughputScenario::new);
		all.put("concurrency", () -> new ConcurrencyScenario(false));
		all.put("approvals", ModuleBenchmark::parkedApprovals);
		all.put("live-events", ModuleBenchmark::liveEvents);
		all.put("cold-start", ColdStartScenario::new);
		all.put("concurrency-platform-threads", () -> new ConcurrencyScenario(true));
		all.put("tuning", TuningScenario::new);
		return all;
	}

	private static Path appendToDocs(Report report, String title) throws IOException {
		Path file = ProjectPaths.repositoryRoot().resolve("docs/benchmarks.md");
		if (!Files.exists(file)) {
			Files.createDirectories(file.getParent());
			try (InputStream header = BenchMain.class.getResourceAsStream("benchmarks-header.md")) {
				Files.write(file, header.readAllBytes());
			}
		}
		Files.writeString(file, report.markdown(title), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
		return file;
	}

	private static void usage() {
		System.err.println("usage: ./trellis bench [--quick] [--no-docs] [scenario...]");
		System.err.println("  scenarios: " + String.join(", ", SCENARIOS.keySet()) + " (default: all but "
				+ String.join(", ", ON_REQUEST) + ")");
		System.err.println("  --quick    fewer runs and shorter windows (under 3 minutes)");
		System.err.println("  --no-docs  print only; do not append to docs/benchmarks.md");
	}

}
