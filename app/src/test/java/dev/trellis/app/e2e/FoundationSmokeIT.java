package dev.trellis.app.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.testsupport.TestStack;
import dev.trellis.testsupport.TrellisApi;
import dev.trellis.testsupport.TrellisProcess;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Foundation's promise, end to end on real processes: the jar starts as {@code all} against the
 * Temporal dev server, PostgreSQL and Redis; health reports all three; a one-node pipeline started
 * through {@code POST /api/runs} completes and is a workflow in Temporal with Trellis's search
 * attributes.
 */
class FoundationSmokeIT {

	static TestStack stack;

	static TrellisProcess app;

	static TrellisApi api;

	@BeforeAll
	static void start() {
		stack = TestStack.start("smoke");
		app = TrellisProcess.builder("smoke-all").role("all").env(stack.env()).start();
		api = new TrellisApi(app.baseUrl(), TestStack.ADMIN_TOKEN);
	}

	@AfterAll
	static void stop() {
		if (app != null) {
			app.close();
		}
		if (stack != null) {
			stack.close();
		}
	}

	@Test
	void healthShowsTemporalPostgresAndRedis() throws Exception {
		HttpResponse<String> health = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/actuator/health")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"temporal\":{\"status\":\"UP\"")
			.contains("\"db\":{\"status\":\"UP\"")
			.contains("\"redis\":{\"status\":\"UP\"");
	}

	@Test
	void prometheusExposesJvmAndTemporalMetrics() throws Exception {
		HttpResponse<String> metrics = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/actuator/prometheus")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(metrics.statusCode()).isEqualTo(200);
		assertThat(metrics.body()).contains("jvm_memory_used_bytes").contains("temporal_");
	}

	@Test
	void aOneNodePipelineRunsAsATemporalWorkflow() {
		TrellisApi.Response started = api.post("/api/runs", Map.of("pipeline", "hello-calculator"));
		assertThat(started.status()).as(started.body().toString()).isEqualTo(202);
		String runId = started.body().path("runId").asText();
		String workflowId = started.body().path("workflowId").asText();
		assertThat(workflowId).isEqualTo("run-hello-calculator-" + runId);
		assertThat(started.body().path("links").path("temporalUi").asText()).contains(workflowId);

		JsonNode run = api.awaitRun(runId, Set.of("COMPLETED", "FAILED"), Duration.ofSeconds(90));
		assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("COMPLETED");
		assertThat(run.path("nodes")).hasSize(1);
		assertThat(run.path("nodes").get(0).path("status").asText()).isEqualTo("COMPLETED");

		WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
				WorkflowServiceStubsOptions.newBuilder().setTarget(stack.temporal().target()).build());
		try {
			DescribeWorkflowExecutionResponse described = stubs.blockingStub()
				.describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
					.setNamespace("default")
					.setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
					.build());
			assertThat(described.getWorkflowExecutionInfo().getType().getName()).isEqualTo("Pipeline");
			assertThat(described.getWorkflowExecutionInfo().getSearchAttributes().getIndexedFieldsMap())
				.containsKeys("TrellisPipeline", "TrellisPipelineVersion", "TrellisStatus", "TrellisStartedBy");
		}
		finally {
			stubs.shutdownNow();
		}
	}

	@Test
	void theSameIdempotencyKeyNeverStartsASecondRun() {
		Map<String, Object> body = Map.of("pipeline", "hello-calculator", "idempotencyKey", "smoke-once");
		String first = api.post("/api/runs", body).body().path("runId").asText();
		String second = api.post("/api/runs", body).body().path("runId").asText();
		assertThat(second).isEqualTo(first);
	}

	@Test
	void openApiDocumentDescribesTheRealApi() {
		TrellisApi.Response doc = api.get("/api/openapi.json");
		assertThat(doc.status()).isEqualTo(200);
		assertThat(doc.body().path("paths").has("/api/runs")).isTrue();
		assertThat(doc.body().path("paths").has("/api/registry/{kind}")).isTrue();
	}

	@Test
	void errorsAreProblemDetailsWithoutStackTraces() {
		TrellisApi.Response missing = api.get("/api/runs/aaaaaaaaaaaaa");
		assertThat(missing.status()).isEqualTo(404);
		assertThat(missing.body().path("title").asText()).isNotBlank();
		assertThat(missing.body().toString()).doesNotContain("Exception").doesNotContain("at dev.trellis");

		TrellisApi.Response unknownField = api.post("/api/runs", Map.of("pipeline", "hello-calculator", "bogus", 1));
		assertThat(unknownField.status()).isEqualTo(400);
		assertThat(unknownField.body().path("errors").get(0).path("path").asText()).isEqualTo("bogus");
	}

}
