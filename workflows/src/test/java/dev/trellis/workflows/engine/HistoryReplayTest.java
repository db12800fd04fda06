package dev.trellis.workflows.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import dev.trellis.pipeline.PipelineWarmUp;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;

/**
 * Replays every recorded history against the current interpreter. A failure here means a change
 * would break runs already in flight: guard it with {@code Workflow.getVersion} (see the module
 * README) rather than re-recording the history.
 */
class HistoryReplayTest {

	private static TestWorkflowEnvironment env;

	private static Worker worker;

	/**
	 * One replay worker for all histories, warmed up as a live worker is: on a busy machine loading
	 * the compiler inside the first workflow task can exceed the SDK's one-second deadlock detector,
	 * and a replay, unlike a live worker, does not retry the task.
	 */
	@BeforeAll
	static void startReplayWorker() {
		PipelineWarmUp.run();
		env = TestWorkflowEnvironment.newInstance();
		worker = env.newWorker("replay");
		worker.registerWorkflowImplementationTypes(PipelineWorkflowImpl.class);
	}

	@AfterAll
	static void stopReplayWorker() {
		env.close();
	}

	@TestFactory
	Stream<DynamicTest> everyRecordedHistoryReplaysDeterministically() throws IOException {
		List<Path> histories;
		try (Stream<Path> files = Files.list(HistoryRecorderTest.FOLDER)) {
			histories = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
		}
		assertThat(histories).as("recorded histories in " + HistoryRecorderTest.FOLDER).isNotEmpty();
		return histories.stream().map(file -> dynamicTest(file.getFileName().toString(), () -> replay(file)));
	}

	/** The file name is the scenario's run id; children's ids derive from the workflow id. */
	private static void replay(Path file) throws Exception {
		String runId = file.getFileName().toString().replaceFirst("\\.json$", "");
		WorkflowExecutionHistory history = WorkflowExecutionHistory.fromJson(Files.readString(file),
				EngineHarness.workflowId(runId));
		WorkflowReplayer.replayWorkflowExecution(history, worker);
	}

}
