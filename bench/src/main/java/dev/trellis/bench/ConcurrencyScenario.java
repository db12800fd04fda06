package dev.trellis.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.trellis.workflows.api.PipelineWorkflow;
import dev.trellis.workflows.api.RunResult;
import dev.trellis.workflows.api.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;

/**
 * Scenario 3, concurrency: 1,000 runs (100 with {@code --quick}) started at once, each a pipeline
 * with one agent node whose real agent loop makes three model calls of 2 s each (the stub asks for
 * the no-op tool twice, then answers) over HTTP. Reports the total time against the ideal of 6 s,
 * and the worker JVM's heap and platform threads: sampled throughout, and once with nearly every run
 * parked on a model call (after a GC, so it is live memory, not garbage).
 *
 * <p>Worker: production defaults (virtual threads on Java 21+); {@code concurrency-platform-threads},
 * run on request, uses a worker sized for the load on platform threads instead. A fresh dev server
 * and worker, and a small unmeasured wave to warm the JVM up first.
 */
final class ConcurrencyScenario implements Scenario {

	static final Duration MODEL_LATENCY = Duration.ofSeconds(2);

	/** Tool rounds before the stub answers: 2 rounds = 3 model calls per run. */
	static final int TOOL_ROUNDS = 2;

	static final double IDEAL_SECONDS = (TOOL_ROUNDS + 1) * MODEL_LATENCY.toMillis() / 1000.0;

	/**
	 * The heap snapshot is taken once this share of the runs waits on a model call at the same time:
	 * all of them rarely do at once, since each passes through workflow and tool tasks between calls.
	 */
	static final double PARKED_SHARE = 0.9;

	private static final double MIB = 1024.0 * 1024.0;

	/** The default scenario measures production settings; the other is the thread comparison. */
	private final boolean platformThreads;

	ConcurrencyScenario(boolean platformThreads) {
		this.platformThreads = platformThreads;
	}

	@Override
	public String name() {
		return platformThreads ? "concurrency-platform-threads" : "concurrency";
	}

	@Override
	public void run(Report report, boolean quick) throws Exception {
		int runs = quick ? 100 : 1000;
		if (!WorkerSettings.virtualThreadsAvailable()) {
			report.note(name(), "virtual threads", "n/a: Java " + Runtime.version().feature() + " (needs 21+)");
		}
		// Production defaults run activities on virtual threads (Java 21+). The comparison, a worker
		// sized for the load on platform threads, runs on request: it measured 1,826 platform threads
		// against 48 and a similar total time (docs/benchmarks.md, 2026-11-22), and a second 1,000-run
		// wave does not fit the whole command's 15 minutes.
		WorkerSettings settings = platformThreads
				? WorkerSettings.sizedOnPlatformThreads(runs).named("sized, virtual threads off")
				: WorkerSettings.production();
		report.add(name(), "ideal time (3 model calls × 2 s)", IDEAL_SECONDS, 1, "s");
		try (LlmStub stub = LlmStub.start(MODEL_LATENCY, TOOL_ROUNDS)) {
			measure(report, stub, settings, runs, "v0");
		}
	}

	private void measure(Report report, LlmStub stub, WorkerSettings settings, int runs, String id) throws Exception {
		String label = runs + " runs · " + settings.name() + " · ";
		report.note(name(), label + "worker", settings.describe());
		try (HttpLlmActivities llm = new HttpLlmActivities(stub.baseUrl());
				BenchTemporal temporal = BenchTemporal.start(name() + "-" + id);
				BenchWorker worker = new BenchWorker(temporal.client(), settings, new NoopTools(),
						new CountingEvents(), llm)) {
			Pipelines.Pipeline pipeline = Pipelines.agent();
			Wave.start(temporal.client(), pipeline, id + "-warmup", Math.max(5, runs / 50)).await();
			BenchMain.say(name() + ": " + settings.name() + ": starting " + runs + " runs");

			MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
			ThreadMXBean threads = ManagementFactory.getThreadMXBean();
			System.gc();
			double heapBefore = memory.getHeapMemoryUsage().getUsed() / MIB;
			int threadsBefore = threads.getThreadCount();
			threads.resetPeakThreadCount();
			Sampler sampler = new Sampler(memory, threads, llm, (int) Math.ceil(PARKED_SHARE * runs));
			ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
			timer.scheduleAtFixedRate(sampler, 0, 100, TimeUnit.MILLISECONDS);

			double selfCpuBefore = ProcessCpu.selfMillis();
			double serverCpuBefore = temporal.serverCpuMillis();
			long t0 = System.nanoTime();
			Wave wave = Wave.start(temporal.client(), pipeline, id, runs);
			double startSeconds = (System.nanoTime() - t0) / 1e9;
			wave.await();
			timer.shutdown();
			timer.awaitTermination(10, TimeUnit.SECONDS);
			double total = (wave.lastEnd() - t0) / 1e9;
			double selfCpu = ProcessCpu.selfMillis() - selfCpuBefore;
			double serverCpu = temporal.serverCpuMillis() - serverCpuBefore;

			report.add(name(), label + "total time", total, 2, "s");
			report.add(name(), label + "over ideal", total - IDEAL_SECONDS, 2, "s");
			report.add(name(), label + "starts submitted in", startSeconds, 2, "s");
			Stats latency = Stats.of(wave.latenciesSeconds());
			report.add(name(), label + "run latency median", latency.median(), 2, "s");
			report.add(name(), label + "run latency p99", latency.percentile(99), 2, "s");
			report.add(name(), label + "failed runs", wave.failed(), 0, "runs");
			report.add(name(), label + "max concurrent model calls", llm.maxInFlight(), 0, "calls");
			// Which process the cores went to says what bounds the total: 2 cores busy means CPU-bound.
			report.add(name(), label + "cpu dev server", serverCpu / runs, 1, "ms per run");
			report.add(name(), label + "cpu client+worker", selfCpu / runs, 1, "ms per run");
			report.add(name(), label + "cores used by dev server", serverCpu / 1000 / total, 2, "cores");
			report.add(name(), label + "cores used by client+worker", selfCpu / 1000 / total, 2, "cores");
			report.add(name(), label + "heap live before (after GC)", heapBefore, 1, "MiB");
			report.add(name(), label + "heap used peak (sampled)", sampler.heapPeak, 1, "MiB");
			report.add(name(), label + "model calls in flight at the snapshot", sampler.callsParked, 0, "calls");
			report.add(name(), label + "heap live, runs parked (after GC)", sampler.heapParked, 1, "MiB");
			report.add(name(), label + "heap per run in flight", (sampler.heapParked - heapBefore) * 1024 / runs, 1,
					"KiB");
			report.add(name(), label + "platform threads before", threadsBefore, 0, "threads");
			report.add(name(), label + "platform threads peak", threads.getPeakThreadCount(), 0, "threads");
			report.add(name(), label + "platform threads, runs parked", sampler.threadsParked, 0, "threads");
			BenchMain.say(name() + ": " + settings.name() + String.format(": %.2f s", total));
		}
	}

	/**
	 * Heap and threads every 100 ms; once {@link #PARKED_SHARE} of the runs wait on a model call, one
	 * GC and a snapshot of what is live. The GC falls inside the 2 s model wait, where it delays few
	 * workflow tasks.
	 */
	private static final class Sampler implements Runnable {

		private final MemoryMXBean memory;

		private final ThreadMXBean threads;

		private final HttpLlmActivities llm;

		private final int parked;

		volatile double heapPeak;

		volatile double heapParked = Double.NaN;

		volatile double threadsParked = Double.NaN;

		volatile double callsParked = Double.NaN;

		Sampler(MemoryMXBean memory, ThreadMXBean threads, HttpLlmActivities llm, int parked) {
			this.memory = memory;
			this.threads = threads;
			this.llm = llm;
			this.parked = parked;
		}

		@Override
		public void run() {
			heapPeak = Math.max(heapPeak, memory.getHeapMemoryUsage().getUsed() / MIB);
			int calls = llm.inFlight();
			if (Double.isNaN(heapParked) && calls >= parked) {
				callsParked = calls;
				threadsParked = threads.getThreadCount();
				System.gc();
				heapParked = memory.getHeapMemoryUsage().getUsed() / MIB;
			}
		}

	}

	/** Runs started together from a few client threads; each run's end is taken when its result arrives. */
	private static final class Wave {

		private final List<CompletableFuture<Double>> results;

		private final AtomicLong lastEnd = new AtomicLong();

		private Wave(List<CompletableFuture<Double>> results) {
			this.results = results;
		}

		static Wave start(WorkflowClient client, Pipelines.Pipeline pipeline, String prefix, int runs)
				throws InterruptedException {
			List<CompletableFuture<Double>> results = new ArrayList<>();
			Wave wave = new Wave(results);
			ExecutorService starters = Executors.newFixedThreadPool(8);
			List<CompletableFuture<CompletableFuture<Double>>> started = new ArrayList<>();
			for (int i = 0; i < runs; i++) {
				String runId = prefix + "-" + i;
				started.add(CompletableFuture.supplyAsync(() -> wave.startOne(client, pipeline, runId), starters));
			}
			for (CompletableFuture<CompletableFuture<Double>> s : started) {
				results.add(s.join());
			}
			starters.shutdown();
			starters.awaitTermination(1, TimeUnit.MINUTES);
			return wave;
		}

		private CompletableFuture<Double> startOne(WorkflowClient client, Pipelines.Pipeline pipeline, String runId) {
			long begin = System.nanoTime();
			PipelineWorkflow run = client.newWorkflowStub(PipelineWorkflow.class, WorkflowOptions.newBuilder()
				.setWorkflowId(PipelineWorkflow.workflowId(pipeline.ref().name(), runId))
				.setTaskQueue(TaskQueues.MAIN)
				.build());
			WorkflowClient.start(run::run, pipeline.snapshot(runId));
			return WorkflowStub.fromTyped(run).getResultAsync(RunResult.class).thenApply(result -> {
				long end = System.nanoTime();
				lastEnd.accumulateAndGet(end, Math::max);
				return (end - begin) / 1e9;
			});
		}

		void await() {
			CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).exceptionally(e -> null)
				.orTimeout(15, TimeUnit.MINUTES)
				.join();
		}

		long lastEnd() {
			return lastEnd.get();
		}

		long failed() {
			return results.stream().filter(CompletableFuture::isCompletedExceptionally).count();
		}

		List<Double> latenciesSeconds() {
			return results.stream().filter(r -> !r.isCompletedExceptionally()).map(CompletableFuture::join).toList();
		}

	}

}
