package dev.trellis.bench;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import dev.trellis.testsupport.ProjectPaths;

/**
 * A scenario whose benchmark lives with the module it measures (parked approvals in the HITL work,
 * live events in the trace work): this slot points at it so the report lists every scenario of the
 * issue, and says so when it does not exist yet.
 */
final class ExternalBenchmark implements Scenario {

	private static final Set<String> SKIPPED = Set.of(".git", ".trellis", "node_modules", "target", "dist");

	private final String name;

	private final String metric;

	private final Pattern fileName;

	private final String owner;

	ExternalBenchmark(String name, String metric, String fileNameRegex, String owner) {
		this.name = name;
		this.metric = metric;
		this.fileName = Pattern.compile(fileNameRegex);
		this.owner = owner;
	}

	static ExternalBenchmark parkedApprovals() {
		return new ExternalBenchmark("approvals", "parked approvals (5,000 waiting runs, decision latency)",
				"(ParkedApprovals\\w*|\\w*Approval\\w*Bench\\w*)\\.java", "the HITL work");
	}

	static ExternalBenchmark liveEvents() {
		return new ExternalBenchmark("live-events", "live events (worker → WebSocket latency, 1/100/1,000 watchers)",
				"TraceBench\\w*\\.java", "the Live Trace work");
	}

	@Override
	public String name() {
		return name;
	}

	@Override
	public void run(Report report, boolean quick) throws IOException {
		Path root = ProjectPaths.repositoryRoot();
		Optional<Path> found = find(root);
		report.note(name, metric, found.map(p -> "see " + root.relativize(p))
			.orElse("not in this repository yet (owned by " + owner + ")"));
	}

	private Optional<Path> find(Path root) throws IOException {
		Path[] hit = new Path[1];
		Files.walkFileTree(root, new SimpleFileVisitor<>() {
			@Override
			public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
				return SKIPPED.contains(dir.getFileName().toString()) ? FileVisitResult.SKIP_SUBTREE
						: FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
				if (fileName.matcher(file.getFileName().toString()).matches()) {
					hit[0] = file;
					return FileVisitResult.TERMINATE;
				}
				return FileVisitResult.CONTINUE;
			}
		});
		return Optional.ofNullable(hit[0]);
	}

}
