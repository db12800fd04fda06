package dev.trellis.gateway.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import dev.trellis.gateway.web.ApiException;
import dev.trellis.testsupport.TemporalDevServer;
import dev.trellis.workflows.api.TrellisSearchAttributes;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The concurrent-run limit counts a user's open runs in a real Temporal server's visibility. */
class TemporalRunAdmissionIT {

	private static TemporalDevServer temporal;

	private static WorkflowServiceStubs stubs;

	private static WorkflowClient client;

	@BeforeAll
	static void start() {
		temporal = TemporalDevServer.startFresh("run-admission");
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
	void aUserAtTheLimitGets429AndOthersAndFinishedRunsDoNotCount() throws Exception {
		String ana = "ana-" + System.nanoTime();
		WorkflowStub first = startRun(ana);
		startRun(ana);
		WorkflowStub finished = startRun(ana);
		finished.terminate("done");
		awaitOpenRuns(ana, 2);
		TemporalRunAdmission admission = new TemporalRunAdmission(client, 2);

		assertThatThrownBy(() -> admission.admit(caller(ana))).isInstanceOfSatisfying(ApiException.class,
				e -> assertThat(e.status()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS))
			.hasMessageContaining("limit per user is 2");
		admission.admit(caller("ben"));
		new TemporalRunAdmission(client, 3).admit(caller(ana));
		new TemporalRunAdmission(client, 0).admit(caller(ana));

		first.terminate("done");
		awaitOpenRuns(ana, 1);
		admission.admit(caller(ana));
	}

	@Test
	void aQuoteInTheNameCannotWidenTheQuery() {
		String tricky = "x' OR TrellisStartedBy != 'y";

		new TemporalRunAdmission(client, 1).admit(caller(tricky));

		assertThat(TemporalRunAdmission.query(tricky))
			.isEqualTo("TrellisStartedBy = 'x\\' OR TrellisStartedBy != \\'y' AND ExecutionStatus = 'Running'");
	}

	@Test
	void whenTemporalIsAwayTheRunIsAdmitted() {
		WorkflowServiceStubs nowhere = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
			.setTarget("127.0.0.1:1")
			.setRpcTimeout(Duration.ofMillis(500))
			.build());
		try {
			new TemporalRunAdmission(WorkflowClient.newInstance(nowhere), 1).admit(caller("ana"));
		}
		finally {
			nowhere.shutdownNow();
		}
	}

	private static WorkflowStub startRun(String user) {
		WorkflowStub run = client.newUntypedWorkflowStub("Pipeline", WorkflowOptions.newBuilder()
			.setWorkflowId("run-admission-" + System.nanoTime())
			.setTaskQueue("no-worker-listens-here")
			.setTypedSearchAttributes(SearchAttributes.newBuilder().set(TrellisSearchAttributes.STARTED_BY, user).build())
			.build());
		run.start();
		return run;
	}

	private static void awaitOpenRuns(String user, long expected) throws InterruptedException {
		Instant deadline = Instant.now().plusSeconds(20);
		while (client.countWorkflows(TemporalRunAdmission.query(user)).getCount() != expected) {
			assertThat(Instant.now()).as("visibility shows %d open runs of %s", expected, user).isBefore(deadline);
			Thread.sleep(100);
		}
	}

	private static Caller caller(String name) {
		return new Caller(name, Set.of("builder"), Set.of());
	}

}
