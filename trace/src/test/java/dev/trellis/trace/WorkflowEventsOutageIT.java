package dev.trellis.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.trellis.testsupport.TestPostgres;
import dev.trellis.testsupport.TestRedis;
import dev.trellis.workflows.api.EntityVersion;
import dev.trellis.workflows.api.PipelineRef;
import dev.trellis.workflows.api.PipelineWorkflow;
import dev.trellis.workflows.api.RunResult;
import dev.trellis.workflows.api.RunSnapshot;
import dev.trellis.workflows.api.RunStatus;
import dev.trellis.workflows.api.TaskQueues;
import dev.trellis.workflows.api.ToolActivities;
import dev.trellis.workflows.api.ToolCall;
import dev.trellis.workflows.api.ToolResult;
import dev.trellis.workflows.api.TrellisSearchAttributes;
import dev.trellis.workflows.engine.PipelineWorkflowImpl;
import io.temporal.activity.Activity;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The workflow's own events ({@code run.*}, {@code node.*}) while PostgreSQL is away: the real
 * pipeline workflow on Temporal's test server records through the real {@link RunEventActivitiesImpl}
 * into a real database, which refuses connections for the outage. The batch emitted during the
 * outage must not be dropped: once the database is back, the log holds every event of the run once,
 * in order, numbered without a gap.
 */
class WorkflowEventsOutageIT {

	private static final String PIPELINE = "outage";

	/** Longer than the local activity's old bounded retries (three attempts of at most 2 s each here). */
	private static final Duration OUTAGE = Duration.ofSeconds(10);

	private TraceFixture trace;

	private TestWorkflowEnvironment env;

	private final CountDownLatch firstToolMayFinish = new CountDownLatch(1);

	private final CountDownLatch firstToolStarted = new CountDownLatch(1);

	@BeforeEach
	void start() {
		trace = new TraceFixture(TestRedis.shared().url(), Map.of());
		env = TestWorkflowEnvironment.newInstance();
		for (var attribute : List.of(TrellisSearchAttributes.PIPELINE, TrellisSearchAttributes.STATUS,
				TrellisSearchAttributes.STARTED_BY)) {
			env.registerSearchAttribute(attribute.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
		}
		env.registerSearchAttribute(TrellisSearchAttributes.PIPELINE_VERSION.getName(),
				IndexedValueType.INDEXED_VALUE_TYPE_INT);
		Worker worker = env.newWorker(TaskQueues.MAIN);
		worker.registerWorkflowImplementationTypes(PipelineWorkflowImpl.class);
		worker.registerActivitiesImplementations(new HeldTools(), new RunEventActivitiesImpl(trace.publisher));
		env.start();
	}

	@AfterEach
	void stop() {
		TestPostgres.acceptConnections(trace.db);
		env.close();
		trace.close();
	}

	@Test
	void eventsEmittedWhilePostgresIsDownAreRecordedOnceWithoutAGapWhenItIsBack() throws Exception {
		String runId = "run-outage";
		PipelineWorkflow run = start(runId, """
				{"nodes": [
				  {"id": "first", "type": "tool", "tool": {"name": "held", "version": 1}},
				  {"id": "second", "type": "tool", "tool": {"name": "held", "version": 1}}
				 ],
				 "edges": [{"from": "first", "to": "second"}]}
				""");
		assertThat(firstToolStarted.await(30, TimeUnit.SECONDS)).isTrue();
		awaitSeq(runId, 2);

		TestPostgres.refuseConnections(trace.db);
		firstToolMayFinish.countDown();
		// Real time: the test server skips time only while a client waits for the result.
		Thread.sleep(OUTAGE.toMillis());
		TestPostgres.acceptConnections(trace.db);

		RunResult result = WorkflowStub.fromTyped(run).getResult(RunResult.class);

		assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
		List<RecordedEvent> events = trace.log.after(runId, 0, 100);
		assertThat(events).extracting(RecordedEvent::seq)
			.containsExactlyElementsOf(LongStream.rangeClosed(1, 6).boxed().toList());
		assertThat(events).extracting(e -> e.type() + " " + e.nodeId())
			.containsExactly("run.started null", "node.started first", "node.completed first", "node.started second",
					"node.completed second", "run.completed null");
	}

	private PipelineWorkflow start(String runId, String definition) throws Exception {
		JsonNode json = TraceFixture.JSON.readTree(definition);
		EntityVersion tool = new EntityVersion("tools", "held", 1, "sha256:held",
				TraceFixture.JSON.readTree("{\"implementation\": \"builtin:held\"}"));
		RunSnapshot snapshot = new RunSnapshot(runId, new PipelineRef(PIPELINE, 1), json, Map.of(tool.key(), tool),
				TraceFixture.JSON.createObjectNode(), "ana", Map.of());
		PipelineWorkflow run = env.getWorkflowClient()
			.newWorkflowStub(PipelineWorkflow.class, WorkflowOptions.newBuilder()
				.setWorkflowId(PipelineWorkflow.workflowId(PIPELINE, runId))
				.setTaskQueue(TaskQueues.MAIN)
				.build());
		WorkflowClient.start(run::run, snapshot);
		return run;
	}

	private void awaitSeq(String runId, long seq) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (trace.log.lastSeq(runId) < seq) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("The run's first events were never recorded");
			}
			Thread.sleep(20);
		}
	}

	/** The first call waits until the test has taken the database away; later calls answer at once. */
	private final class HeldTools implements ToolActivities {

		@Override
		public ToolResult execute(ToolCall call) {
			if (call.nodeId().equals("first")) {
				firstToolStarted.countDown();
				try {
					firstToolMayFinish.await();
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException(e);
				}
			}
			return new ToolResult(TextNode.valueOf(call.nodeId() + " done"),
					null, Activity.getExecutionContext().getInfo().getAttempt());
		}

	}

}
