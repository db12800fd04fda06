package dev.trellis.gateway.approvals;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.approvals.ApprovalActivitiesImpl;
import dev.trellis.gateway.web.ProblemDetailsAdvice;
import dev.trellis.workflows.api.ApprovalActivities;
import dev.trellis.workflows.api.ApprovalContext;
import dev.trellis.workflows.api.DecisionRecord;
import dev.trellis.workflows.api.PendingApproval;
import dev.trellis.workflows.api.RunEvent;
import dev.trellis.workflows.api.RunEventActivities;
import dev.trellis.workflows.api.TaskQueues;
import dev.trellis.workflows.api.ToolActivities;
import dev.trellis.workflows.api.ToolCall;
import dev.trellis.workflows.api.ToolResult;
import dev.trellis.workflows.api.TrellisSearchAttributes;
import dev.trellis.workflows.engine.PipelineWorkflowImpl;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * The smallest application around the approvals API: its controller and service, the inbox on
 * PostgreSQL, problem details, a header-based test login, and a Temporal test server whose worker
 * runs the real pipeline workflow with the real approval activities and stub tools. Nothing of the
 * gateway's other features (registry, runs, security tokens) is loaded.
 */
@SpringBootConfiguration
@ImportAutoConfiguration({ JacksonAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
		DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class, ValidationAutoConfiguration.class,
		DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
		DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
		FlywayAutoConfiguration.class, SecurityAutoConfiguration.class, SecurityFilterAutoConfiguration.class })
@ComponentScan(basePackages = { "dev.trellis.gateway.approvals", "dev.trellis.approvals" })
@Import(ProblemDetailsAdvice.class)
class ApprovalsTestApp {

	@Bean
	SecurityFilterChain testSecurity(HttpSecurity http) throws Exception {
		return http.csrf(c -> c.disable())
			.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.addFilterBefore(new HeaderAuthenticationFilter(), AnonymousAuthenticationFilter.class)
			.authorizeHttpRequests(a -> a.anyRequest().authenticated())
			.exceptionHandling(e -> e.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)))
			.build();
	}

	@Bean
	Tools tools() {
		return new Tools();
	}

	@Bean
	HeldCloses heldCloses(ApprovalActivitiesImpl approvals) {
		return new HeldCloses(approvals);
	}

	/** Wall-clock time (no skipping): the runs here wait for HTTP requests, not for timers. */
	@Bean(destroyMethod = "close")
	TestWorkflowEnvironment temporal(HeldCloses approvals, Tools tools) {
		TestWorkflowEnvironment env = TestWorkflowEnvironment
			.newInstance(TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
		env.registerSearchAttribute(TrellisSearchAttributes.PIPELINE.getName(),
				IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
		env.registerSearchAttribute(TrellisSearchAttributes.PIPELINE_VERSION.getName(),
				IndexedValueType.INDEXED_VALUE_TYPE_INT);
		env.registerSearchAttribute(TrellisSearchAttributes.STATUS.getName(),
				IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
		env.registerSearchAttribute(TrellisSearchAttributes.STARTED_BY.getName(),
				IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
		Worker worker = env.newWorker(TaskQueues.MAIN);
		worker.registerWorkflowImplementationTypes(PipelineWorkflowImpl.class);
		worker.registerActivitiesImplementations(approvals, tools, new DroppedEvents());
		env.start();
		return env;
	}

	@Bean
	WorkflowClient workflowClient(TestWorkflowEnvironment temporal) {
		return temporal.getWorkflowClient();
	}

	/**
	 * Stub tools: {@code draft-writer} answers a fixed draft, every other tool echoes its arguments,
	 * so a test can read what flowed into a node downstream of the gate.
	 */
	static final class Tools implements ToolActivities {

		static final JsonNode DRAFT = JsonNodeFactory.instance.objectNode().put("text", "First draft");

		final Map<String, List<JsonNode>> calls = new ConcurrentHashMap<>();

		@Override
		public ToolResult execute(ToolCall call) {
			calls.computeIfAbsent(call.runId() + "/" + call.nodeId(), k -> new CopyOnWriteArrayList<>())
				.add(call.arguments());
			if (call.tool().name().equals("draft-writer")) {
				return new ToolResult(DRAFT, null, 1);
			}
			ObjectNode echo = JsonNodeFactory.instance.objectNode();
			echo.set("received", call.arguments());
			return new ToolResult(echo, null, 1);
		}

		List<JsonNode> calls(String runId, String nodeId) {
			return calls.getOrDefault(runId + "/" + nodeId, List.of());
		}

	}

	/**
	 * The real approval activities, with a switch that holds {@code close} back: it shows that a
	 * second decision is refused by the run itself while the inbox row still says PENDING.
	 */
	static final class HeldCloses implements ApprovalActivities {

		private final ApprovalActivities delegate;

		private volatile CountDownLatch gate = new CountDownLatch(0);

		HeldCloses(ApprovalActivities delegate) {
			this.delegate = delegate;
		}

		void hold() {
			gate = new CountDownLatch(1);
		}

		void release() {
			gate.countDown();
		}

		@Override
		public void open(PendingApproval approval, ApprovalContext context) {
			delegate.open(approval, context);
		}

		@Override
		public void close(PendingApproval approval, DecisionRecord decision) {
			try {
				gate.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			delegate.close(approval, decision);
		}

		@Override
		public void reassign(PendingApproval approval, List<String> assignees) {
			delegate.reassign(approval, assignees);
		}

		@Override
		public void remind(PendingApproval approval) {
			delegate.remind(approval);
		}

	}

	/** The trace log is another module's business; these tests read the inbox and the run state. */
	static final class DroppedEvents implements RunEventActivities {

		@Override
		public void record(List<RunEvent> events) {
			// Intentionally empty: events are not under test here.
		}

	}

}
