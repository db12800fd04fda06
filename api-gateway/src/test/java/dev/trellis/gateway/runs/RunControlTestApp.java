package dev.trellis.gateway.runs;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.trellis.gateway.security.RunAdmission;
import dev.trellis.gateway.web.ProblemDetailsAdvice;
import dev.trellis.registry.RegistryConfiguration;
import dev.trellis.temporal.TemporalProperties;
import dev.trellis.testsupport.TemporalDevServer;
import dev.trellis.workflows.api.FailureTypes;
import dev.trellis.workflows.api.RunEvent;
import dev.trellis.workflows.api.RunEventActivities;
import dev.trellis.workflows.api.TaskQueues;
import dev.trellis.workflows.api.ToolActivities;
import dev.trellis.workflows.api.ToolCall;
import dev.trellis.workflows.api.ToolResult;
import dev.trellis.workflows.engine.PipelineWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcClientAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;

/**
 * The smallest application around the runs API: its controller and services, the registry and
 * {@code gateway_runs} on PostgreSQL, problem details, and a Temporal dev server whose in-process
 * worker runs the real pipeline workflow with {@link Tools stub tools}. The dev server rather than
 * the time-skipping test server: the run list reads Temporal visibility
 * ({@code ListWorkflowExecutions}), which only a real server answers.
 *
 * <p>Security is permissive: the tests run MockMvc without the security filter chain
 * ({@code addFilters = false}) and requests carry their {@code Authentication} as the request
 * principal, which is what the controllers read. Which roles reach which route is the route table's
 * business and tested there.
 */
@SpringBootConfiguration
@ImportAutoConfiguration({ JacksonAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
		DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class, ValidationAutoConfiguration.class,
		DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class, JdbcClientAutoConfiguration.class,
		DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
		FlywayAutoConfiguration.class })
@ComponentScan(basePackageClasses = RunsController.class)
@Import({ RegistryConfiguration.class, ProblemDetailsAdvice.class })
@EnableConfigurationProperties(TemporalProperties.class)
class RunControlTestApp {

	@Bean(destroyMethod = "close")
	TemporalDevServer temporalDevServer() {
		return TemporalDevServer.startFresh("run-control");
	}

	@Bean(destroyMethod = "shutdownNow")
	WorkflowServiceStubs workflowServiceStubs(TemporalDevServer server) {
		return WorkflowServiceStubs
			.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(server.target()).build());
	}

	@Bean
	WorkflowClient workflowClient(WorkflowServiceStubs stubs) {
		return WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
	}

	/** No per-user limit on runs in flight: these tests start many runs as one user. */
	@Bean
	RunAdmission runAdmission() {
		return caller -> {
		};
	}

	@Bean
	Tools tools() {
		return new Tools();
	}

	/** The worker: the real pipeline workflow, registered here in test code, with the stub tools. */
	@Bean(destroyMethod = "shutdownNow")
	WorkerFactory workerFactory(WorkflowClient client, Tools tools) {
		WorkerFactory factory = WorkerFactory.newInstance(client);
		Worker worker = factory.newWorker(TaskQueues.MAIN);
		worker.registerWorkflowImplementationTypes(PipelineWorkflowImpl.class);
		worker.registerActivitiesImplementations(tools, new DroppedEvents());
		factory.start();
		return factory;
	}

	/**
	 * Stub tools, by tool name: {@code echo} answers its arguments, {@code flaky} fails for good
	 * while {@link #failing} is set, {@code slow} waits for {@link #release()}, and any other tool
	 * answers {@code "<node> done"}. Every call is recorded per run and node.
	 */
	static final class Tools implements ToolActivities {

		final Map<String, List<String>> calls = new ConcurrentHashMap<>();

		volatile boolean failing;

		private volatile CountDownLatch gate = new CountDownLatch(0);

		@Override
		public ToolResult execute(ToolCall call) {
			calls.computeIfAbsent(call.runId(), k -> new CopyOnWriteArrayList<>()).add(call.nodeId());
			String tool = call.tool().name();
			if (tool.equals("echo")) {
				return new ToolResult(call.arguments(), null, 1);
			}
			if (tool.equals("flaky") && failing) {
				throw ApplicationFailure.newNonRetryableFailure("the upstream service answered 503",
						FailureTypes.TOOL_FAILED);
			}
			if (tool.equals("slow")) {
				await();
			}
			return new ToolResult(TextNode.valueOf(call.nodeId() + " done"), null, 1);
		}

		/** The nodes a run called tools for, in call order. */
		List<String> calledBy(String runId) {
			return calls.getOrDefault(runId, List.of());
		}

		/** From now on, {@code slow} blocks until {@link #release()}. */
		void hold() {
			gate = new CountDownLatch(1);
		}

		void release() {
			gate.countDown();
		}

		private void await() {
			try {
				gate.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}

	}

	/** The trace log is another module's business; these tests read run state and the audit table. */
	static final class DroppedEvents implements RunEventActivities {

		@Override
		public void record(List<RunEvent> events) {
			// Intentionally empty: events are not under test here.
		}

	}

}
