package dev.trellis.temporal;

import java.util.List;

import io.temporal.client.WorkflowClient;
import io.temporal.common.VersioningBehavior;
import io.temporal.common.WorkerDeploymentVersion;
import io.temporal.common.converter.DataConverter;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerDeploymentOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;

/** The Temporal worker of {@code worker} and {@code all} processes. */
@AutoConfiguration(after = TemporalClientConfiguration.class)
@ConditionalOnRole(TrellisRole.WORKER)
public class TemporalWorkerConfiguration {

	private static final Logger log = LoggerFactory.getLogger(TemporalWorkerConfiguration.class);

	@Bean
	WorkerFactory workerFactory(WorkflowClient client, TemporalProperties props) {
		TemporalProperties.Worker tuning = props.worker();
		return WorkerFactory.newInstance(client, WorkerFactoryOptions.newBuilder()
			.setWorkflowCacheSize(tuning.workflowCacheSize())
			.setUsingVirtualWorkflowThreads(tuning.useVirtualThreads())
			.setWorkerInterceptors(new HandBackInterceptor())
			.build());
	}

	@Bean
	Worker trellisWorker(WorkerFactory factory, TemporalProperties props, List<WorkerContribution> contributions) {
		TemporalProperties.Worker tuning = props.worker();
		Worker worker = factory.newWorker(props.taskQueue(), workerOptions(tuning));
		contributions.forEach(c -> c.register(worker));
		log.info("Temporal worker on task queue '{}' ({} contributions, virtual threads {}, {})", props.taskQueue(),
				contributions.size(), tuning.useVirtualThreads() ? "on" : "off",
				tuning.versioned() ? "Worker Deployment '" + tuning.deploymentName().strip() + "' build '"
						+ tuning.buildId().strip() + "', pinned" : "unversioned");
		return worker;
	}

	/**
	 * The options of every worker this process creates. With a deployment name and build id
	 * ({@link TemporalProperties.Worker#versioned()}) the worker registers that Worker Deployment
	 * version; without them it polls the task queue unversioned, as before.
	 *
	 * <p>The default behaviour is {@link VersioningBehavior#PINNED} and no workflow carries
	 * {@code @WorkflowVersioningBehavior}: a pipeline or agent run may wait days for a reviewer, and
	 * pinned it finishes on the build it started on, whatever the next build changes. Children
	 * (AgentWorkflow under PipelineWorkflow) run on the same task queue and inherit their parent's
	 * pinned version. AUTO_UPGRADE would move open runs to the new build at once, which is exactly
	 * what versioning is opted into to avoid; a run that must move anyway is moved explicitly
	 * ({@code temporal workflow update-options}). The worker-wide default covers every workflow type,
	 * including types added later, so no implementation needs the annotation (one would override the
	 * default for its type only).
	 */
	static WorkerOptions workerOptions(TemporalProperties.Worker tuning) {
		WorkerOptions.Builder options = WorkerOptions.newBuilder()
			.setMaxConcurrentActivityExecutionSize(tuning.maxConcurrentActivities())
			.setMaxConcurrentWorkflowTaskExecutionSize(tuning.maxConcurrentWorkflowTasks())
			.setMaxConcurrentLocalActivityExecutionSize(tuning.maxConcurrentLocalActivities())
			.setMaxConcurrentWorkflowTaskPollers(tuning.workflowPollers())
			.setMaxConcurrentActivityTaskPollers(tuning.activityPollers())
			.setUsingVirtualThreads(tuning.useVirtualThreads());
		if (tuning.versioned()) {
			options.setDeploymentOptions(WorkerDeploymentOptions.newBuilder()
				.setVersion(new WorkerDeploymentVersion(tuning.deploymentName().strip(), tuning.buildId().strip()))
				.setUseVersioning(true)
				.setDefaultVersioningBehavior(VersioningBehavior.PINNED)
				.build());
		}
		return options.build();
	}

	@Bean
	WorkerLifecycle workerLifecycle(WorkerFactory factory, TemporalProperties props, Worker trellisWorker,
			DataConverter dataConverter) {
		return new WorkerLifecycle(factory, props.worker().drainTimeout(), () -> {
			java.time.Duration took = WorkerWarmUp.run(dataConverter);
			log.info("Worker warmed up in {} ms", took.toMillis());
		});
	}

	/**
	 * Warms up and starts polling once the context is ready and, on shutdown, stops polling first and
	 * then lets in-flight tasks finish for the drain timeout; what does not finish is interrupted and
	 * handed back, and Temporal retries it on another worker.
	 */
	static final class WorkerLifecycle implements SmartLifecycle {

		/**
		 * After the drain, how long interrupted activities get to report their failure. The client
		 * closes right after this stops; a failure reported before that is retried by Temporal at
		 * once, one that is not only when the activity's timeout fires.
		 */
		private static final java.time.Duration HAND_BACK = java.time.Duration.ofSeconds(5);

		private final WorkerFactory factory;

		private final java.time.Duration drain;

		private final Runnable warmUp;

		private volatile boolean running;

		WorkerLifecycle(WorkerFactory factory, java.time.Duration drain, Runnable warmUp) {
			this.factory = factory;
			this.drain = drain;
			this.warmUp = warmUp;
		}

		/**
		 * Warms up before polling: once the factory starts, the first workflow task can arrive at
		 * once, and class loading inside it counts against the SDK's one-second deadlock detector.
		 */
		@Override
		public void start() {
			warmUp.run();
			factory.start();
			running = true;
		}

		@Override
		public void stop() {
			factory.shutdown();
			factory.awaitTermination(drain.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
			if (!factory.isTerminated()) {
				log.warn("Worker did not drain within {}; handing the remaining tasks back to Temporal", drain);
				factory.shutdownNow();
				factory.awaitTermination(HAND_BACK.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
			}
			running = false;
		}

		@Override
		public boolean isRunning() {
			return running;
		}

		@Override
		public int getPhase() {
			// Stop before the web server and data sources, which in-flight activities still need.
			return Integer.MAX_VALUE - 100;
		}

	}

}
