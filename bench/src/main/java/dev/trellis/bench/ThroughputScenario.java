package dev.trellis.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.trellis.workflows.api.PipelineWorkflow;
import dev.trellis.workflows.api.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;

/**
 * Scenario 2, throughput: runs completed per second for a 1-node and a 5-node pipeline of no-op
 * tools, by closed-loop clients (each starts a run, waits for its result, starts the next) at
 * concurrency 1, 16 and 128. Runs finishing during the warm-up are not counted.
 */
final class ThroughputScenario implements Scenario {

	static final int[] NODES = { 1, 5 };

	static final int[] CONCURRENCY = { 1, 16, 128 };


	static final int[] QUICK_CONCURRENCY = { 16 };

	private final WorkerSettings settings;

	private final String label;

	ThroughputScenario() {
		this(WorkerSettings.production(), "throughput");
	}

	/** The same measurement under other worker settings, for the tuning experiments. */
	ThroughputScenario(WorkerSettings settings, String label) {
		this.settings = settings;
		this.label = label;
	}

	@Override
	public String name() {
		return label;
	}

	@Override
	public void run(Report report, boolean quick) throws InterruptedException {
		long warmupMs = quick ? 1_000 : 2_000;
		long windowMs = quick ? 3_000 : 8_000;
		try (BenchTemporal temporal = BenchTemporal.start(name());
				BenchWorker worker = new BenchWorker(temporal.client(), settings, new NoopTools(),
						new CountingEvents())) {
			report.note(name(), "worker", settings.describe());
			for (int nodes : NODES) {
				Pipelines.Pipeline pipeline = Pipelines.chain(nodes);
				// --quick measures the saturation point only: the levels around it cost a minute more.
				for (int clients : quick ? QUICK_CONCURRENCY : CONCURRENCY) {
					Result result = closedLoop(temporal.client(), pipeline, clients, warmupMs, windowMs);
					String metric = nodes + "-node · concurrency " + clients + " · ";
					report.add(name(), metric + "throughput", result.completed() * 1000.0 / windowMs, 1, "runs/s");
					Stats latency = Stats.of(result.latenciesMs());
					report.add(name(), metric + "run latency median", latency.median(), 1, "ms");
					report.add(name(), metric + "run latency p99", latency.percentile(99), 1, "ms");
					if (result.failed() > 0) {
						report.add(name(), metric + "failed runs", result.failed(), 0, "runs");
					}
					BenchMain.say(name() + ": " + metric + String.format("%.1f runs/s",
							result.completed() * 1000.0 / windowMs));
				}
			}
		}
	}

	record Result(long completed, long failed, List<Double> latenciesMs) {
	}

	/**
	 * The window opens once the warm-up time has passed and every client has finished a run, so a
	 * burst of first runs (all clients start together) never falls into it; runs still in flight when
	 * it closes finish uncounted before the next measurement.
	 */
	static Result closedLoop(WorkflowClient client, Pipelines.Pipeline pipeline, int clients, long warmupMs,
			long windowMs) throws InterruptedException {
		AtomicLong completed = new AtomicLong();
		AtomicLong failed = new AtomicLong();
		AtomicLong sequence = new AtomicLong();
		AtomicLong windowStart = new AtomicLong(Long.MAX_VALUE);
		AtomicLong windowEnd = new AtomicLong(Long.MAX_VALUE);
		CountDownLatch everyClientFinishedOne = new CountDownLatch(clients);
		List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
		String prefix = pipeline.nodes() + "n-c" + clients + "-";
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		for (int i = 0; i < clients; i++) {
			pool.execute(() -> {
				boolean first = true;
				while (System.nanoTime() < windowEnd.get()) {
					String runId = prefix + sequence.incrementAndGet();
					long start = System.nanoTime();
					try {
						client.newWorkflowStub(PipelineWorkflow.class, WorkflowOptions.newBuilder()
							.setWorkflowId(PipelineWorkflow.workflowId(pipeline.ref().name(), runId))
							.setTaskQueue(TaskQueues.MAIN)
							.build()).run(pipeline.snapshot(runId));
					}
					catch (RuntimeException e) {
						failed.incrementAndGet();
						continue;
					}
					long end = System.nanoTime();
					if (end >= windowStart.get() && end <= windowEnd.get()) {
						completed.incrementAndGet();
						latencies.add((end - start) / 1_000_000.0);
					}
					if (first) {
						everyClientFinishedOne.countDown();
						first = false;
					}
				}
			});
		}
		pool.shutdown();
		Thread.sleep(warmupMs);
		if (!everyClientFinishedOne.await(2, TimeUnit.MINUTES)) {
			pool.shutdownNow();
			throw new IllegalStateException("Not every client finished a run within two minutes of warm-up");
		}
		long open = System.nanoTime();
		windowEnd.set(open + TimeUnit.MILLISECONDS.toNanos(windowMs));
		windowStart.set(open);
		if (!pool.awaitTermination(windowMs + 120_000, TimeUnit.MILLISECONDS)) {
			pool.shutdownNow();
			throw new IllegalStateException("Closed-loop clients did not finish within two minutes of the window");
		}
		return new Result(completed.get(), failed.get(), List.copyOf(latencies));
	}

}
