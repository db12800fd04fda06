package dev.trellis.approvals;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.trellis.temporal.TemporalClientConfiguration;
import dev.trellis.temporal.TemporalWorkerConfiguration;
import dev.trellis.temporal.WorkerContribution;
import dev.trellis.testsupport.BenchMetric;
import dev.trellis.testsupport.TemporalDevServer;
import dev.trellis.testsupport.TestPostgres;
import dev.trellis.workflows.api.DecisionRequest;
import dev.trellis.workflows.api.EntityVersion;
import dev.trellis.workflows.api.PipelineRef;
import dev.trellis.workflows.api.PipelineWorkflow;
import dev.trellis.workflows.api.RunEvent;
import dev.trellis.workflows.api.RunEventActivities;
import dev.trellis.workflows.api.RunSnapshot;
import dev.trellis.workflows.api.TaskQueues;
import dev.trellis.workflows.api.ToolActivities;
import dev.trellis.workflows.api.ToolCall;
import dev.trellis.workflows.api.ToolResult;
import dev.trellis.workflows.engine.PipelineWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Benchmark (a {@code main}, not a test): parks N runs at a review gate on a real Temporal dev server
 * (SQLite) with a real in-process worker wired exactly as production wires it (Trellis's Temporal
 * client and worker configuration, the approvals module on PostgreSQL), reports the worker's heap
 * and threads while the runs wait, then approves every run and reports the latency from sending the
 * decision to the start of the node after the gate.
 *
 * <pre>
 * mvn -q -pl approvals test-compile org.codehaus.mojo:exec-maven-plugin:3.6.4:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.trellis.approvals.ParkedApprovalsBench -Dexec.args="--runs 5000 --parallel 16"
 * </pre>
 *
 * Options: {@code --runs N} (default 5000), {@code --parallel P} concurrent starts and decisions
 * (default 16), {@code --cache C} sticky workflow cache size (default: Trellis's default),
 * {@code --warmup W} runs taken through the gate before measuring (default 20), {@code --decide D}
 * how many of the parked runs are then approved and timed (default all; fewer keeps the rest parked
 * while the sample is decided, as in production, and shortens the benchmark). The Temporal
 * CLI is found as the tests find it ({@code TRELLIS_TEMPORAL_CLI}, {@code .trellis/tools} or PATH).
 */
public final class ParkedApprovalsBench {

	private static final String PIPELINE = "bench-review";

	private static final ObjectMapper JSON = new ObjectMapper();

	private ParkedApprovalsBench() {
	}

	public static void main(String[] args) throws Exception {
		int runs = option(args, "--runs", 5000);
		int parallel = option(args, "--parallel", 16);
		int cache = option(args, "--cache", -1);
		int warmup = option(args, "--warmup", 20);
		int decide = Math.min(runs, option(args, "--decide", runs));
		System.out.printf("ParkedApprovalsBench: %d runs, %d in parallel, Java %s, %d CPUs, load average %.1f%n", runs,
				parallel, Runtime.version(), Runtime.getRuntime().availableProcessors(),
				ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
		try (TemporalDevServer temporal = TemporalDevServer.startFresh("bench");
				ConfigurableApplicationContext worker = startWorker(temporal, cache)) {
			ParkedApprovalsBench bench = new ParkedApprovalsBench();
			bench.warmUp(worker, warmup);
			bench.measure(worker, runs, decide, parallel);
		}
		// Temporal's client keeps non-daemon threads (gRPC) a little while after shutdown.
		System.exit(0);
	}

	/**
	 * Takes a few runs through gate and decision first, so class loading and JIT of the interpreter
	 * are not measured as the cost of parking or deciding.
	 */
	private void warmUp(ConfigurableApplicationContext worker, int runs) throws Exception {
		WorkflowClient client = worker.getBean(WorkflowClient.class);
		JdbcTemplate jdbc = worker.getBean(JdbcTemplate.class);
		for (int i = 0; i < runs; i++) {
			start(client, "warm" + i);
		}
		awaitCount(jdbc, "SELECT count(*) FROM approvals_items WHERE status = 'PENDING'", runs, Duration.ofMinutes(5));
		for (int i = 0; i < runs; i++) {
			decide(client, "warm" + i);
		}
		awaitCount(jdbc, "SELECT count(*) FROM approvals_items WHERE status = 'APPROVED'", runs, Duration.ofMinutes(5));
	}

	private void measure(ConfigurableApplicationContext worker, int runs, int decide, int parallel) throws Exception {
		WorkflowClient client = worker.getBean(WorkflowClient.class);
		JdbcTemplate jdbc = worker.getBean(JdbcTemplate.class);
		BenchTools tools = worker.getBean(BenchTools.class);
		tools.publishedAt.clear();
		Footprint idle = Footprint.now();
		System.out.println("worker idle:   " + idle);

		long parkStart = System.nanoTime();
		inParallel(runs, parallel, i -> () -> start(client, runId(i)));
		awaitCount(jdbc, "SELECT count(*) FROM approvals_items WHERE status = 'PENDING' AND run_id LIKE 'bench%'", runs,
				Duration.ofMinutes(30));
		double parkSeconds = (System.nanoTime() - parkStart) / 1e9;
		System.out.printf("parked %d runs at the gate in %.1f s (%.0f runs/s)%n", runs, parkSeconds, runs / parkSeconds);
		BenchMetric.print(runs + " runs · parked at the gate in", parkSeconds, 1, "s");
		// Let the last workflow tasks finish so only the parked state remains.
		Thread.sleep(5000);
		Footprint parked = Footprint.now();
		System.out.println("worker parked: " + parked);
		System.out.printf("parked cost:   heap +%.1f MiB, threads +%d (workflow threads %d)%n",
				(parked.heapBytes() - idle.heapBytes()) / 1048576.0, parked.threads() - idle.threads(),
				parked.workflowThreads());
		BenchMetric.print(runs + " runs · worker heap added while parked (after GC)",
				(parked.heapBytes() - idle.heapBytes()) / 1048576.0, 1, "MiB");
		BenchMetric.print(runs + " runs · worker threads added while parked", parked.threads() - idle.threads(), 0,
				"threads");

		Map<String, Long> decidedAt = new ConcurrentHashMap<>();
		long decideStart = System.nanoTime();
		inParallel(decide, parallel, i -> () -> {
			decidedAt.put(runId(i), System.nanoTime());
			decide(client, runId(i));
		});
		awaitCount(jdbc, "SELECT count(*) FROM approvals_items WHERE status = 'APPROVED' AND run_id LIKE 'bench%'", decide,
				Duration.ofMinutes(30));
		while (tools.publishedAt.size() < decide) {
			Thread.sleep(100);
		}
		double decideSeconds = (System.nanoTime() - decideStart) / 1e9;
		long[] latencies = decidedAt.entrySet()
			.stream()
			.mapToLong(e -> tools.publishedAt.get(e.getKey()) - e.getValue())
			.sorted()
			.toArray();
		System.out.printf("approved %d of the %d parked runs in %.1f s (%.0f decisions/s)%n", decide, runs, decideSeconds,
				decide / decideSeconds);
		System.out.printf("decision -> next node started: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
				percentile(latencies, 50), percentile(latencies, 99), latencies[latencies.length - 1] / 1e6);
		String decided = runs + " runs · " + decide + " decided · ";
		BenchMetric.print(decided + "decisions per second", decide / decideSeconds, 0, "decisions/s");
		BenchMetric.print(decided + "decision → next node p50", percentile(latencies, 50), 1, "ms");
		BenchMetric.print(decided + "decision → next node p99", percentile(latencies, 99), 1, "ms");
		System.out.println("worker after:  " + Footprint.now());
		System.out.printf("load average at the end: %.1f%n",
				ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
	}

	private static void start(WorkflowClient client, String runId) {
		PipelineWorkflow run = client.newWorkflowStub(PipelineWorkflow.class, WorkflowOptions.newBuilder()
			.setWorkflowId(PipelineWorkflow.workflowId(PIPELINE, runId))
			.setTaskQueue(TaskQueues.MAIN)
			.build());
		WorkflowClient.start(run::run, snapshot(runId));
	}

	/** Approves the run's gate as an admin would; returns once the run has recorded it. */
	private static void decide(WorkflowClient client, String runId) {
		PipelineWorkflow run = client.newWorkflowStub(PipelineWorkflow.class, PipelineWorkflow.workflowId(PIPELINE, runId));
		run.decide(new DecisionRequest(runId + ":review:1", "approve", null, "bench", "bench", List.of(), true));
	}

	/** draft (tool) → review (human_review) → publish (tool, the node whose start is timed). */
	private static RunSnapshot snapshot(String runId) {
		JsonNode definition = json("""
				{'nodes': [
				  {'id': 'draft', 'type': 'tool', 'tool': {'name': 'draft', 'version': 1}},
				  {'id': 'review', 'type': 'human_review', 'title': 'Bench gate', 'show': '{{nodes.draft.output}}',
				   'assignees': ['group:bench']},
				  {'id': 'publish', 'type': 'tool', 'tool': {'name': 'publish', 'version': 1},
				   'args': {'body': '{{nodes.review.output}}'}}
				 ],
				 'edges': [{'from': 'draft', 'to': 'review'}, {'from': 'review', 'to': 'publish'}]}
				""");
		Map<String, EntityVersion> entities = new ConcurrentHashMap<>();
		for (String tool : List.of("draft", "publish")) {
			EntityVersion e = new EntityVersion("tools", tool, 1, "sha256:" + tool,
					json("{'implementation': 'builtin:" + tool + "'}"));
			entities.put(e.key(), e);
		}
		return new RunSnapshot(runId, new PipelineRef(PIPELINE, 1), definition, entities, json("{}"), "bench", Map.of());
	}

	private static ConfigurableApplicationContext startWorker(TemporalDevServer temporal, int cache) {
		TestPostgres.Database db = TestPostgres.freshDatabase();
		List<String> properties = new ArrayList<>(List.of("trellis.role=worker",
				"trellis.temporal.target=" + temporal.target(), "spring.datasource.url=" + db.jdbcUrl(),
				"spring.datasource.username=" + db.username(), "spring.datasource.password=" + db.password(),
				"spring.datasource.hikari.maximum-pool-size=40",
				"spring.flyway.locations=classpath:db/migration/approvals"));
		if (cache > 0) {
			properties.add("trellis.temporal.worker.workflow-cache-size=" + cache);
		}
		return new SpringApplicationBuilder(WorkerApp.class).web(WebApplicationType.NONE)
			.properties(properties.toArray(String[]::new))
			.run();
	}

	private static void inParallel(int count, int parallel, IntFunction<Runnable> task) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(parallel);
		try {
			List<Future<?>> futures = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				futures.add(pool.submit(task.apply(i)));
			}
			for (Future<?> f : futures) {
				f.get();
			}
		}
		finally {
			pool.shutdown();
			pool.awaitTermination(1, TimeUnit.MINUTES);
		}
	}

	private static void awaitCount(JdbcTemplate jdbc, String sql, int expected, Duration timeout)
			throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (jdbc.queryForObject(sql, Integer.class) < expected) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Timed out after " + timeout + " waiting for " + expected + ": " + sql);
			}
			Thread.sleep(200);
		}
	}

	private static double percentile(long[] sortedNanos, int p) {
		int index = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
		return sortedNanos[Math.max(0, index)] / 1e6;
	}

	private static String runId(int i) {
		return "bench" + i;
	}

	private static int option(String[] args, String name, int fallback) {
		int at = Arrays.asList(args).indexOf(name);
		return at >= 0 && at + 1 < args.length ? Integer.parseInt(args[at + 1]) : fallback;
	}

	private static JsonNode json(String singleQuoted) {
		try {
			return JSON.readTree(singleQuoted.replace('\'', '"'));
		}
		catch (java.io.IOException e) {
			throw new IllegalArgumentException(e);
		}
	}

	/**
	 * Heap after a full GC, platform threads, threads that run workflow code, and the largest groups
	 * of threads by name (ids and numbers masked).
	 */
	record Footprint(long heapBytes, int threads, long workflowThreads, String largestGroups) {

		static Footprint now() throws InterruptedException {
			for (int i = 0; i < 3; i++) {
				System.gc();
				Thread.sleep(200);
			}
			long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
			int threads = ManagementFactory.getThreadMXBean().getThreadCount();
			Set<Thread> all = Thread.getAllStackTraces().keySet();
			long workflowThreads = all.stream().filter(t -> t.getName().startsWith("workflow-")).count();
			Map<String, Long> groups = all.stream()
				.collect(Collectors.groupingBy(t -> t.getName().replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}|\\d+", "#"),
						Collectors.counting()));
			String largest = groups.entrySet()
				.stream()
				.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
				.limit(3)
				.map(e -> e.getValue() + " x '" + abbreviate(e.getKey()) + "'")
				.collect(Collectors.joining(", "));
			return new Footprint(heap, threads, workflowThreads, largest);
		}

		private static String abbreviate(String name) {
			return name.length() > 40 ? name.substring(0, 40) + "…" : name;
		}

		@Override
		public String toString() {
			return String.format("heap %.1f MiB, %d threads (%d running workflow code; largest groups: %s)",
					heapBytes / 1048576.0, threads, workflowThreads, largestGroups);
		}

	}

	/**
	 * The production worker: Trellis's Temporal client and worker configuration and the approvals
	 * module, plus the real pipeline workflow with stub tools and a no-op event sink.
	 */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataSourceAutoConfiguration.class,
			JdbcTemplateAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
			FlywayAutoConfiguration.class, TemporalClientConfiguration.class, TemporalWorkerConfiguration.class })
	@Import({ ApprovalsConfiguration.class, ApprovalsWorkerConfiguration.class })
	static class WorkerApp {

		@Bean
		ObjectMapper objectMapper() {
			return new ObjectMapper();
		}

		@Bean
		BenchTools benchTools() {
			return new BenchTools();
		}

		@Bean
		WorkerContribution benchPipeline(BenchTools tools) {
			return worker -> {
				worker.registerWorkflowImplementationTypes(PipelineWorkflowImpl.class);
				worker.registerActivitiesImplementations(tools, new NoEvents());
			};
		}

	}

	/** Stub tools; remembers when each run's {@code publish} node started. */
	static final class BenchTools implements ToolActivities {

		final Map<String, Long> publishedAt = new ConcurrentHashMap<>();

		@Override
		public ToolResult execute(ToolCall call) {
			if (call.nodeId().equals("publish")) {
				publishedAt.putIfAbsent(call.runId(), System.nanoTime());
			}
			return new ToolResult(JsonNodeFactory.instance.objectNode().put("text", call.nodeId() + " done"), null, 1);
		}

	}

	/** The event log is not part of what this measures. */
	static final class NoEvents implements RunEventActivities {

		@Override
		public void record(List<RunEvent> events) {
			// Intentionally empty: the trace module has its own benchmarks.
		}

	}

}
