package dev.trellis.gateway.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.testsupport.TemporalDevServer;
import dev.trellis.workflows.api.EntityVersion;
import dev.trellis.workflows.api.NodeStatus;
import dev.trellis.workflows.api.NodeView;
import dev.trellis.workflows.api.PipelineRef;
import dev.trellis.workflows.api.PipelineWorkflow;
import dev.trellis.workflows.api.RunResult;
import dev.trellis.workflows.api.RunSnapshot;
import dev.trellis.workflows.api.RunStatus;
import dev.trellis.workflows.api.RunView;
import dev.trellis.workflows.api.TaskQueues;
import dev.trellis.workflows.api.TrellisSearchAttributes;
import dev.trellis.workflows.engine.PipelineWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A pause is part of the run's history, not of a worker's memory: a run paused under one worker
 * process is still paused when a fresh worker (empty workflow cache, so it replays the history)
 * takes over, starts nothing new, and completes once resumed. On the real Temporal dev server, with
 * two in-process {@link WorkerFactory} instances one after the other.
 */
class PauseSurvivesWorkerRestartIT {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static TemporalDevServer temporal;

	private static WorkflowServiceStubs stubs;

	private static WorkflowClient client;

	@BeforeAll
	static void start() {
		temporal = TemporalDevServer.startFresh("pause-restart");
		stubs = WorkflowServiceStubs
			.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(temporal.target()).build());
		client = WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
	}

	@AfterAll
	static void stop() {
		stubs.shutdownNow();
		temporal.close();
	}

	@Test
	void aPausedRunIsStillPausedUnderANewWorkerAndCompletesWhenResumed() throws Exception {
		String workflowId = PipelineWorkflow.workflowId("gated", "restart1");
		RunControlTestApp.Tools firstTools = new RunControlTestApp.Tools();
		WorkerFactory first = worker(firstTools);
		firstTools.hold();
		PipelineWorkflow run = client.newWorkflowStub(PipelineWorkflow.class,
				WorkflowOptions.newBuilder().setWorkflowId(workflowId).setTaskQueue(TaskQueues.MAIN).build());
		WorkflowClient.start(run::run, snapshot("restart1"));
		awaitState(workflowId, v -> node(v, "s").status() == NodeStatus.RUNNING);

		run.pause("ana");
		awaitState(workflowId, v -> v.status() == RunStatus.PAUSED);
		firstTools.release();
		awaitState(workflowId, v -> node(v, "s").status() == NodeStatus.COMPLETED);
		first.shutdown();
		first.awaitTermination(20, TimeUnit.SECONDS);

		RunControlTestApp.Tools secondTools = new RunControlTestApp.Tools();
		WorkerFactory second = worker(secondTools);
		try {
			RunView resumedUnderNewWorker = awaitState(workflowId, v -> v.status() == RunStatus.PAUSED);
			assertThat(node(resumedUnderNewWorker, "t").status()).isEqualTo(NodeStatus.PENDING);
			assertThat(client.newUntypedWorkflowStub(workflowId).describe().getTypedSearchAttributes()
				.get(TrellisSearchAttributes.STATUS)).isEqualTo("PAUSED");
			assertThat(secondTools.calledBy("restart1")).isEmpty();

			client.newWorkflowStub(PipelineWorkflow.class, workflowId).resume("ana");
			RunResult result = client.newUntypedWorkflowStub(workflowId).getResult(RunResult.class);

			assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
			assertThat(firstTools.calledBy("restart1")).containsExactly("s");
			assertThat(secondTools.calledBy("restart1")).containsExactly("t");
		}
		finally {
			second.shutdownNow();
		}
	}

	private static WorkerFactory worker(RunControlTestApp.Tools tools) {
		WorkerFactory factory = WorkerFactory.newInstance(client);
		Worker worker = factory.newWorker(TaskQueues.MAIN);
		worker.registerWorkflowImplementationTypes(PipelineWorkflowImpl.class);
		worker.registerActivitiesImplementations(tools, new RunControlTestApp.DroppedEvents());
		factory.start();
		return factory;
	}

	/** s (a tool that waits for the test) → t. */
	private static RunSnapshot snapshot(String runId) throws Exception {
		JsonNode definition = JSON.readTree("""
				{"nodes": [
				  {"id": "s", "type": "tool", "tool": {"name": "slow", "version": 1}},
				  {"id": "t", "type": "tool", "tool": {"name": "fetch", "version": 1}}
				 ],
				 "edges": [{"from": "s", "to": "t"}]}
				""");
		Map<String, EntityVersion> entities = Map.of("tools/slow@1", tool("slow"), "tools/fetch@1", tool("fetch"));
		return new RunSnapshot(runId, new PipelineRef("gated", 1), definition, entities, JSON.createObjectNode(), "ana",
				Map.of());
	}

	private static EntityVersion tool(String name) {
		return new EntityVersion("tools", name, 1, "sha256:" + name,
				JSON.createObjectNode().put("implementation", "builtin:" + name));
	}

	/**
	 * Polls the {@code state} query. Right after a worker change a query may fail while Temporal
	 * notices the old worker is gone; such failures are retried until the deadline.
	 */
	private static RunView awaitState(String workflowId, Predicate<RunView> condition) throws InterruptedException {
		Instant deadline = Instant.now().plus(WAIT);
		RuntimeException lastFailure = null;
		while (Instant.now().isBefore(deadline)) {
			try {
				RunView view = client.newWorkflowStub(PipelineWorkflow.class, workflowId).state();
				if (condition.test(view)) {
					return view;
				}
			}
			catch (RuntimeException e) {
				lastFailure = e;
			}
			Thread.sleep(100);
		}
		throw new AssertionError("Run " + workflowId + " never reached the expected state", lastFailure);
	}

	private static NodeView node(RunView view, String id) {
		return view.nodes().stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
	}

}
