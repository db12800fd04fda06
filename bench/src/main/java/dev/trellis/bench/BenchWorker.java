package dev.trellis.bench;

import java.util.concurrent.TimeUnit;

import dev.trellis.pipeline.PipelineCompiler;
import dev.trellis.workflows.agent.AgentWorkflowImpl;
import dev.trellis.workflows.api.TaskQueues;
import dev.trellis.workflows.engine.PipelineWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;

/**
 * One in-process worker on Trellis's task queue with every workflow the benchmarks run: the real
 * interpreter and agent loop, and the hand-written baselines, side by side on the same factory and
 * options so that a comparison differs in the workflow code only.
 */
final class BenchWorker implements AutoCloseable {

	private final WorkerFactory factory;

	BenchWorker(WorkflowClient client, WorkerSettings settings, Object... activities) {
		// Loaded before the first workflow task: on a busy machine a slow first class load inside one
		// trips the SDK's one-second deadlock detector and costs a task retry.
		new PipelineCompiler().compile(Pipelines.diamonds(1).definition());
		factory = WorkerFactory.newInstance(client, settings.factoryOptions());
		Worker worker = factory.newWorker(TaskQueues.MAIN, settings.workerOptions());
		worker.registerWorkflowImplementationTypes(PipelineWorkflowImpl.class, AgentWorkflowImpl.class,
				RawChainWorkflowImpl.class, RawDiamondWorkflowImpl.class);
		worker.registerActivitiesImplementations(activities);
		factory.start();
	}

	@Override
	public void close() {
		factory.shutdownNow();
		factory.awaitTermination(10, TimeUnit.SECONDS);
	}

}
