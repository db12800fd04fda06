package dev.trellis.workflows.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays recorded agent histories (a two-tool run; a hallucinated tool then an answer; an answer
 * corrected after its output guardrails refused it; long-term recall without a session) against the
 * current {@link AgentWorkflowImpl}. A failure means a change would break agents in flight: guard
 * it with {@code Workflow.getVersion} instead of re-recording. The histories were recorded from the
 * scenarios of {@link AgentWorkflowImplTest} of the same names (the last two by its
 * {@code recordOnce}, which writes a missing file only); the file name is the workflow id.
 */
class AgentHistoryReplayTest {

	static final Path FOLDER = Path.of("src/test/resources/agent-histories");

	private static TestWorkflowEnvironment env;

	private static Worker worker;

	/**
	 * One replay worker for all histories. Its deadlock detector is relaxed: the first replay loads
	 * Jackson and the SDK's stub classes inside the workflow thread, which on a busy two-core machine
	 * can take longer than the default second, and a replay does not retry the task.
	 */
	@BeforeAll
	static void startReplayWorker() {
		env = TestWorkflowEnvironment.newInstance();
		worker = env.newWorker("agent-replay", WorkerOptions.newBuilder().setDefaultDeadlockDetectionTimeout(10_000).build());
		worker.registerWorkflowImplementationTypes(AgentWorkflowImpl.class);
	}

	@AfterAll
	static void stopReplayWorker() {
		env.close();
	}

	@TestFactory
	Stream<DynamicTest> everyRecordedAgentHistoryReplaysDeterministically() throws IOException {
		List<Path> histories;
		try (Stream<Path> files = Files.list(FOLDER)) {
			histories = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
		}
		assertThat(histories).as("recorded histories in " + FOLDER).isNotEmpty();
		return histories.stream().map(file -> dynamicTest(file.getFileName().toString(), () -> {
			String workflowId = file.getFileName().toString().replaceFirst("\\.json$", "");
			WorkflowReplayer.replayWorkflowExecution(
					WorkflowExecutionHistory.fromJson(Files.readString(file), workflowId), worker);
		}));
	}

}
