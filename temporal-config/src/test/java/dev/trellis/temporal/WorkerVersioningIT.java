package dev.trellis.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
 * real dev server: workers built from {@code deployment-name=trellis, build-id=v1} register that
 * version, the CLI makes it current, and a run started then is pinned to it; after v2 is deployed and
 * made current, new runs start on v2 while the open v1 run finishes on v1.
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
	void anUpgradeLeavesOpenRunsPinnedToTheirBuild() throws Exception {
		WorkerFactory v1 = versionedWorker("v1");
		WorkerFactory v2 = null;
		try {
			// Versioned workers get no task until their version is current: the run waits.
			WaitingWorkflow old = start("started-on-v1");
			Thread.sleep(2_000);
			assertThat(client.fetchHistory("started-on-v1").getEvents())
				.noneMatch(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);

			// v1 current: the run starts on v1 and waits there (a run parked at a review gate).
			setCurrentOnceRegistered("trellis", "v1");
			assertPinned(awaitVersioningInfo("started-on-v1"), "v1");

			// Deploy v2 next to v1 and make it current.
			v2 = versionedWorker("v2");
			setCurrentOnceRegistered("trellis", "v2");
			assertThat(temporal.cli("worker", "deployment", "describe", "--name", "trellis", "--output", "json"))
				.contains("\"v1\"", "\"v2\"");

			// New runs start on v2; the open run stays on v1 and finishes there.
			WaitingWorkflow fresh = start("started-on-v2");
			assertPinned(awaitVersioningInfo("started-on-v2"), "v2");
			old.release();
			fresh.release();
			assertThat(WorkflowStub.fromTyped(old).getResult(String.class)).isEqualTo("done");
			assertThat(WorkflowStub.fromTyped(fresh).getResult(String.class)).isEqualTo("done");
			assertHistoryPinned("started-on-v1", "v1");
			assertHistoryPinned("started-on-v2", "v2");
		}
		finally {
			stop(v1);
			if (v2 != null) {
				stop(v2);
			}
		}
	}

	/**
	 * Turning versioning on: a run started on an unversioned worker carries no pin and moves to the
	 * first current version at its next workflow task (rule 1 of the README makes that replay safe).
	 */
	@Test
	void turningVersioningOnMovesUnversionedRunsToTheCurrentVersion() throws Exception {
		String queue = QUEUE + "-on";
		WorkerFactory unversioned = WorkerFactory.newInstance(client);
		unversioned.newWorker(queue).registerWorkflowImplementationTypes(WaitingWorkflowImpl.class);
		unversioned.start();
		WorkerFactory b1 = null;
		try {
			WaitingWorkflow run = client.newWorkflowStub(WaitingWorkflow.class,
					WorkflowOptions.newBuilder().setTaskQueue(queue).setWorkflowId("started-unversioned").build());
			WorkflowClient.start(run::run);
			awaitTaskCompleted("started-unversioned", 1);

			b1 = versionedWorker("trellis-on", queue, "b1");
			setCurrentOnceRegistered("trellis-on", "b1");
			stop(unversioned);
			run.release();
			assertThat(WorkflowStub.fromTyped(run).getResult(String.class)).isEqualTo("done");

			var completions = completions("started-unversioned");
			assertThat(completions.get(0).hasDeploymentVersion()).isFalse();
			var last = completions.get(completions.size() - 1);
			assertThat(last.getDeploymentVersion().getDeploymentName()).isEqualTo("trellis-on");
			assertThat(last.getDeploymentVersion().getBuildId()).isEqualTo("b1");
		}
		finally {
			stop(unversioned);
			if (b1 != null) {
				stop(b1);
			}
		}
	}

	private static void awaitTaskCompleted(String workflowId, int count) throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
		while (completions(workflowId).size() < count) {
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError("no workflow task completed on " + workflowId);
			}
			Thread.sleep(200);
		}
	}

	private static java.util.List<io.temporal.api.history.v1.WorkflowTaskCompletedEventAttributes> completions(
			String workflowId) {
		return client.fetchHistory(workflowId)
			.getEvents()
			.stream()
			.filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)
			.map(HistoryEvent::getWorkflowTaskCompletedEventAttributes)
			.toList();
	}

	/** A worker built the way the application builds it, from {@code trellis.temporal.worker.*}. */
	private static WorkerFactory versionedWorker(String buildId) {
		return versionedWorker("trellis", QUEUE, buildId);
	}

	private static WorkerFactory versionedWorker(String deployment, String queue, String buildId) {
		TemporalProperties props = new Binder(new MapConfigurationPropertySource(Map
			.of("trellis.temporal.worker.deployment-name", deployment, "trellis.temporal.worker.build-id", buildId)))
			.bindOrCreate("trellis.temporal", TemporalProperties.class);
		WorkerFactory factory = WorkerFactory.newInstance(client);
		Worker worker = factory.newWorker(queue, TemporalWorkerConfiguration.workerOptions(props.worker()));
		worker.registerWorkflowImplementationTypes(WaitingWorkflowImpl.class);
		factory.start();
		return factory;
	}

	private static void stop(WorkerFactory factory) throws InterruptedException {
		factory.shutdownNow();
		factory.awaitTermination(10, TimeUnit.SECONDS);
	}

	private static WaitingWorkflow start(String workflowId) {
		WaitingWorkflow run = client.newWorkflowStub(WaitingWorkflow.class,
				WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(workflowId).build());
		WorkflowClient.start(run::run);
		return run;
	}

	private static void assertPinned(WorkflowExecutionVersioningInfo info, String buildId) {
		assertThat(info.getBehavior()).isEqualTo(VersioningBehavior.VERSIONING_BEHAVIOR_PINNED);
		assertThat(info.getDeploymentVersion().getDeploymentName()).isEqualTo("trellis");
		assertThat(info.getDeploymentVersion().getBuildId()).isEqualTo(buildId);
	}

	/** The history records it too: every completed workflow task ran pinned on that build. */
	private static void assertHistoryPinned(String workflowId, String buildId) {
		assertThat(completions(workflowId)).hasSizeGreaterThanOrEqualTo(2).allSatisfy(c -> {
			assertThat(c.getVersioningBehavior()).isEqualTo(VersioningBehavior.VERSIONING_BEHAVIOR_PINNED);
			assertThat(c.getDeploymentVersion().getDeploymentName()).isEqualTo("trellis");
			assertThat(c.getDeploymentVersion().getBuildId()).isEqualTo(buildId);
		});
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
