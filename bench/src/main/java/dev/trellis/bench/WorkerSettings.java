package dev.trellis.bench;

import java.util.Locale;

import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;

/**
 * Worker tuning for one benchmark variant. {@link #production()} mirrors the defaults of
 * {@code trellis.temporal.worker.*} (temporal-config's {@code TemporalProperties.Worker}) so that
 * untuned numbers are what a default {@code ./trellis dev} worker would do; the other variants are
 * what the numbers showed to be worth changing.
 *
 * @param activitySlots concurrent activity executions
 * @param workflowTaskSlots concurrent workflow tasks
 * @param localActivitySlots concurrent local activities (the interpreter's event flushes)
 * @param cacheSize sticky workflow cache; runs beyond it are evicted and replayed on their next task
 * @param workflowPollers workflow task pollers
 * @param activityPollers activity task pollers
 * @param virtualThreads task executors and workflow threads on virtual threads (Java 21+ only)
 * @param maxWorkflowThreads platform workflow threads; ignored with virtual threads
 */
record WorkerSettings(String name, int activitySlots, int workflowTaskSlots, int localActivitySlots, int cacheSize,
		int workflowPollers, int activityPollers, boolean virtualThreads, int maxWorkflowThreads) {

	/** The SDK's own default thread pool for workflow code. */
	static final int SDK_WORKFLOW_THREADS = 600;

	static boolean virtualThreadsAvailable() {
		return Runtime.version().feature() >= 21;
	}

	/** {@code trellis.temporal.worker.*} defaults, virtual threads {@code auto}. */
	static WorkerSettings production() {
		return new WorkerSettings("production defaults", 200, 200, 200, 600, 4, 4, virtualThreadsAvailable(),
				SDK_WORKFLOW_THREADS);
	}

	/**
	 * Sized for {@code runs} runs in flight that each wait on one activity at a time, on platform
	 * threads: an activity slot per run (a slot, and its thread, is held for the whole blocking call), a
	 * cached workflow per pipeline and per agent child (an evicted run replays its history on every
	 * task), and enough workflow threads for every cached run's node threads.
	 */
	static WorkerSettings sizedOnPlatformThreads(int runs) {
		int cache = Math.max(600, 2 * runs + 100);
		return new WorkerSettings("sized for " + runs + " runs", Math.max(200, runs + 50), 200, 200, cache, 4, 4,
				false, Math.max(SDK_WORKFLOW_THREADS, 4 * cache));
	}

	WorkerSettings named(String newName) {
		return new WorkerSettings(newName, activitySlots, workflowTaskSlots, localActivitySlots, cacheSize,
				workflowPollers, activityPollers, virtualThreads, maxWorkflowThreads);
	}

	WorkerSettings withPollers(int workflow, int activity) {
		return new WorkerSettings(name, activitySlots, workflowTaskSlots, localActivitySlots, cacheSize, workflow,
				activity, virtualThreads, maxWorkflowThreads);
	}

	WorkerSettings withVirtualThreads(boolean on) {
		return new WorkerSettings(name, activitySlots, workflowTaskSlots, localActivitySlots, cacheSize,
				workflowPollers, activityPollers, on && virtualThreadsAvailable(), maxWorkflowThreads);
	}

	WorkerFactoryOptions factoryOptions() {
		return WorkerFactoryOptions.newBuilder()
			.setWorkflowCacheSize(cacheSize)
			.setMaxWorkflowThreadCount(maxWorkflowThreads)
			.setUsingVirtualWorkflowThreads(virtualThreads)
			.build();
	}

	WorkerOptions workerOptions() {
		return WorkerOptions.newBuilder()
			.setMaxConcurrentActivityExecutionSize(activitySlots)
			.setMaxConcurrentWorkflowTaskExecutionSize(workflowTaskSlots)
			.setMaxConcurrentLocalActivityExecutionSize(localActivitySlots)
			.setMaxConcurrentWorkflowTaskPollers(workflowPollers)
			.setMaxConcurrentActivityTaskPollers(activityPollers)
			.setUsingVirtualThreads(virtualThreads)
			.build();
	}

	String describe() {
		return String.format(Locale.ROOT,
				"%s: slots %d/%d/%d (activity/workflow task/local activity), cache %d, pollers %d/%d, "
						+ "virtual threads %s",
				name, activitySlots, workflowTaskSlots, localActivitySlots, cacheSize, workflowPollers,
				activityPollers, virtualThreads ? "on" : "off (" + maxWorkflowThreads + " workflow threads)");
	}

}
