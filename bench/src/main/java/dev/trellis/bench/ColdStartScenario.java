package dev.trellis.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import dev.trellis.testsupport.ProjectPaths;
import dev.trellis.testsupport.TestStack;
import dev.trellis.testsupport.TrellisProcess;

/**
 * Scenario 6, cold start: how long the real app ({@code app/target/trellis.jar}, role {@code all})
 * takes from process start to a ready readiness probe against running Temporal, PostgreSQL and Redis,
 * and how long those took to start. {@code ./trellis dev} itself is timed by the launcher; this is
 * the part of it that the code decides. Also reports the wall time of the last {@code mvn verify}
 * when {@code .trellis/last-test-seconds} records one.
 */
final class ColdStartScenario implements Scenario {

	@Override
	public String name() {
		return "cold-start";
	}

	@Override
	public void run(Report report, boolean quick) throws IOException {
		Path root = ProjectPaths.repositoryRoot();
		lastTestSuite(report, root.resolve(".trellis/last-test-seconds"));
		if (!Files.isRegularFile(root.resolve("app/target/trellis.jar"))) {
			report.note(name(), "app time to ready", "n/a: app/target/trellis.jar is missing (./trellis setup builds it)");
			return;
		}
		long t0 = System.nanoTime();
		try (TestStack stack = TestStack.start("bench-cold")) {
			report.add(name(), "infrastructure start (Temporal, PostgreSQL, Redis)", seconds(t0), 1, "s");
			report.note(name(), "app JVM flags", "TrellisProcess: -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
			long t1 = System.nanoTime();
			try (TrellisProcess app = TrellisProcess.builder("bench-cold-start").role("all").env(stack.env()).start()) {
				report.add(name(), "app time to ready (first start)", seconds(t1), 1, "s");
				BenchMain.say(name() + String.format(": ready in %.1f s", seconds(t1)));
				if (!quick) {
					app.terminate();
					long t2 = System.nanoTime();
					app.start();
					report.add(name(), "app time to ready (restart, warm caches)", seconds(t2), 1, "s");
				}
			}
		}
	}

	private void lastTestSuite(Report report, Path record) throws IOException {
		if (!Files.isRegularFile(record)) {
			report.note(name(), "mvn verify wall time (last recorded)", "n/a: no .trellis/last-test-seconds");
			return;
		}
		String text = Files.readString(record).trim();
		String when = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
			.format(Files.getLastModifiedTime(record).toInstant().atZone(ZoneOffset.UTC));
		try {
			// The date goes in its own row: metric names stay the same from run to run, so reports diff.
			report.add(name(), "mvn verify wall time (last recorded)", Double.parseDouble(text), 0, "s");
			report.note(name(), "mvn verify recorded at", when);
		}
		catch (NumberFormatException e) {
			report.note(name(), "mvn verify wall time (last recorded)", "n/a: unreadable '" + text + "'");
		}
	}

	private static double seconds(long since) {
		return (System.nanoTime() - since) / 1e9;
	}

}
