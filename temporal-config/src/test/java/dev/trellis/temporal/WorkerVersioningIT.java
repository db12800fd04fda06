package dev.trellis.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.trellis.testsupport.TemporalDevServer;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.VersioningBehavior;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.WorkflowExecutionVersioningInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The procedure of docker/README.md ("Upgrade without breaking in-flight runs", section 2) on the
 * real dev server: a worker built from {@code deployment-name=trellis, build-id=v1} registers that
 * version, the CLI makes it current, and a run started then is pinned to it.
 */
class WorkerVersioningIT {

	private static final String QUEUE = "versioning-it";

	private static TemporalDevServer temporal;

	private static WorkflowServiceStubs stubs;

	private static WorkflowClient client;

	@WorkflowInterface
	public interface WaitingWorkflow {

		@WorkflowMethod
		String run();

		@SignalMethod
		void release();

	}

	public static class WaitingWorkflowImpl implements WaitingWorkflow {

		private boolean released;

		@Override
		public String run() {
			Workflow.await(() -> released);
			return "done";
		}

		@Override
		public void release() {
			released = true;
		}

	}

	@BeforeAll
	static void startServer() {
		temporal = TemporalDevServer.startFresh("versioning");
		stubs = WorkflowServiceStubs
			.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(temporal.target()).build());
		client = WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
	}

	@AfterAll
	static void stopServer() {
		stubs.shutdownNow();
		temporal.close();
	}

	@Test
	void aRunStartedOnTheCurrentVersionIsPinnedToIt() throws Exception {
		TemporalProperties props = new Binder(new MapConfigurationPropertySource(
				Map.of("trellis.temporal.worker.deployment-name", "trellis", "trellis.temporal.worker.build-id", "v1")))
			.bindOrCreate("trellis.temporal", TemporalProperties.class);
		WorkerFactory factory = WorkerFactory.newInstance(client);
		Worker worker = factory.newWorker(QUEUE, TemporalWorkerConfiguration.workerOptions(props.worker()));
		worker.registerWorkflowImplementationTypes(WaitingWorkflowImpl.class);
		factory.start();
		try {
			setCurrentOnceRegistered("trellis", "v1");
			assertThat(temporal.cli("worker", "deployment", "describe", "--name", "trellis", "--output", "json"))
				.contains("v1");

			WaitingWorkflow run = client.newWorkflowStub(WaitingWorkflow.class,
					WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId("pinned-v1").build());
			WorkflowClient.start(run::run);
			WorkflowExecutionVersioningInfo open = awaitVersioningInfo("pinned-v1");
			assertThat(open.getBehavior()).isEqualTo(VersioningBehavior.VERSIONING_BEHAVIOR_PINNED);
			assertThat(open.getDeploymentVersion().getDeploymentName()).isEqualTo("trellis");
			assertThat(open.getDeploymentVersion().getBuildId()).isEqualTo("v1");

			run.release();
			assertThat(WorkflowStub.fromTyped(run).getResult(String.class)).isEqualTo("done");

			// The history records it too: every completed workflow task ran pinned on trellis:v1.
			var completions = client.fetchHistory("pinned-v1")
				.getEvents()
				.stream()
				.filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)
				.map(HistoryEvent::getWorkflowTaskCompletedEventAttributes)
				.toList();
			assertThat(completions).isNotEmpty().allSatisfy(c -> {
				assertThat(c.getVersioningBehavior()).isEqualTo(VersioningBehavior.VERSIONING_BEHAVIOR_PINNED);
				assertThat(c.getDeploymentVersion().getDeploymentName()).isEqualTo("trellis");
				assertThat(c.getDeploymentVersion().getBuildId()).isEqualTo("v1");
			});
		}
		finally {
			factory.shutdownNow();
			factory.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
		}
	}

	/** The version exists once the server has seen the worker poll; until then the CLI refuses it. */
	private static void setCurrentOnceRegistered(String deployment, String buildId) throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
		while (true) {
			try {
				temporal.cli("worker", "deployment", "set-current-version", "--deployment-name", deployment,
						"--build-id", buildId, "-y");
				return;
			}
			catch (IllegalStateException notYet) {
				if (Instant.now().isAfter(deadline)) {
					throw notYet;
				}
				Thread.sleep(500);
			}
		}
	}

	private static WorkflowExecutionVersioningInfo awaitVersioningInfo(String workflowId) throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
		while (true) {
			var info = stubs.blockingStub()
				.describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
					.setNamespace("default")
					.setExecution(io.temporal.api.common.v1.WorkflowExecution.newBuilder().setWorkflowId(workflowId))
					.build())
				.getWorkflowExecutionInfo();
			if (info.hasVersioningInfo()
					&& info.getVersioningInfo().getBehavior() != VersioningBehavior.VERSIONING_BEHAVIOR_UNSPECIFIED) {
				return info.getVersioningInfo();
			}
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError("no versioning info on " + workflowId + ": " + info);
			}
			Thread.sleep(200);
		}
	}

}
