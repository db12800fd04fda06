package dev.trellis.workflows.engine;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Writes the histories {@link HistoryReplayTest} replays. A history is written only when its file is
 * missing or when the build runs with {@code -Dtrellis.recordHistories=true}: committed histories
 * stand for runs already in flight, so re-recording them on every build would hide exactly the
 * incompatibility they exist to catch. Re-record deliberately, after a change guarded by
 * {@code Workflow.getVersion}, and keep the old files too.
 */
class HistoryRecorderTest {

	static final Path FOLDER = Path.of("src", "test", "resources", "histories");

	@TestFactory
	Stream<DynamicTest> recordsHistoriesOfSamplePipelines() {
		return HistoryScenarios.all()
			.entrySet()
			.stream()
			.map(scenario -> dynamicTest(scenario.getKey(), () -> record(scenario.getKey(), scenario.getValue())));
	}

	private static void record(String name, HistoryScenarios.Scenario scenario) throws IOException {
		Path file = FOLDER.resolve(name + ".json");
		if (Files.exists(file) && !Boolean.getBoolean("trellis.recordHistories")) {
			return;
		}
		try (EngineHarness harness = new EngineHarness()) {
			scenario.drive(harness, name);
			Files.createDirectories(FOLDER);
			Files.writeString(file, harness.client.fetchHistory(EngineHarness.workflowId(name)).toJson(true));
		}
	}

}
