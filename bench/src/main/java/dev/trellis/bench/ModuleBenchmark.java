package dev.trellis.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.trellis.testsupport.BenchMetric;
import dev.trellis.testsupport.ProjectPaths;

/**
 * A scenario whose benchmark lives with the module it measures, as a {@code main} in that module's
 * test sources (parked approvals in {@code approvals}, live events in {@code api-gateway}, which
 * this module cannot depend on without pulling the whole app in). It runs as a child JVM on that
 * module's test classpath (written by {@code bench/run} as {@code target/bench.classpath}); its
 * {@link BenchMetric} lines become report rows and its other output is progress.
 */
final class ModuleBenchmark implements Scenario {

	private final String name;

	private final String module;

	private final String mainClass;

	private final List<String> fullArgs;

	private final List<String> quickArgs;

	ModuleBenchmark(String name, String module, String mainClass, List<String> fullArgs, List<String> quickArgs) {
		this.name = name;
		this.module = module;
		this.mainClass = mainClass;
		this.fullArgs = fullArgs;
		this.quickArgs = quickArgs;
	}

	/**
	 * Scenario 4: 5,000 runs parked at a review gate, then decision → next-node latency of 1,000 of
	 * them while the rest stay parked (deciding all 5,000 took 189 s on 2 cores, too much of the
	 * 15-minute budget of the whole command).
	 */
	static ModuleBenchmark parkedApprovals() {
		return new ModuleBenchmark("approvals", "approvals", "dev.trellis.approvals.ParkedApprovalsBench",
				List.of("--runs", "5000", "--decide", "1000", "--parallel", "16"), List.of("--runs", "100", "--parallel", "16", "--warmup", "5"));
	}

	/** Scenario 5: worker → WebSocket latency at 1, 100 and 1,000 watchers of one run. */
	static ModuleBenchmark liveEvents() {
		return new ModuleBenchmark("live-events", "api-gateway", "dev.trellis.gateway.trace.TraceBench",
				List.of("1", "100", "1000"), List.of("100"));
	}

	@Override
	public String name() {
		return name;
	}

	@Override
	public void run(Report report, boolean quick) throws IOException, InterruptedException {
		Path root = ProjectPaths.repositoryRoot();
		Path target = root.resolve(module).resolve("target");
		Path classpathFile = target.resolve("bench.classpath");
		if (!Files.isRegularFile(classpathFile)) {
			throw new IllegalStateException("Missing " + root.relativize(classpathFile) + ": run the benchmarks through "
					+ "bench/run (or ./trellis bench), which builds it");
		}
		String classpath = String.join(java.io.File.pathSeparator, target.resolve("test-classes").toString(),
				target.resolve("classes").toString(), Files.readString(classpathFile).trim());
		List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
				"-XX:+UseG1GC", "-Xmx3g", "-cp", classpath, mainClass));
		if (Runtime.version().feature() >= 22) {
			command.add(1, "--enable-native-access=ALL-UNNAMED");
		}
		command.addAll(quick ? quickArgs : fullArgs);
		report.note(name, "source", module + "/src/test/java/" + mainClass.replace('.', '/') + ".java "
				+ String.join(" ", quick ? quickArgs : fullArgs));
		Process child = new ProcessBuilder(command).directory(root.toFile())
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		int metrics = 0;
		try (BufferedReader out = new BufferedReader(
				new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = out.readLine(); line != null; line = out.readLine()) {
				BenchMetric.Line metric = BenchMetric.Line.parse(line);
				if (metric == null) {
					BenchMain.say(name + ": " + line);
				}
				else {
					report.add(name, metric.metric(), metric.value(), metric.decimals(), metric.unit());
					metrics++;
				}
			}
		}
		int exit = child.waitFor();
		if (exit != 0 || metrics == 0) {
			throw new IllegalStateException(mainClass + " exited with " + exit + " after " + metrics + " metrics");
		}
	}

}
