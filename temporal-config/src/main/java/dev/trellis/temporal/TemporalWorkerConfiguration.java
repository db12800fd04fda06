package dev.trellis.temporal;

import java.util.List;

import io.temporal.client.WorkflowClient;
import io.temporal.common.converter.DataConverter;
import io.temporal.worker.Worker;
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
		Worker worker = factory.newWorker(props.taskQueue(), WorkerOptions.newBuilder()
			.setMaxConcurrentActivityExecutionSize(tuning.maxConcurrentActivities())
			.setMaxConcurrentWorkflowTaskExecutionSize(tuning.maxConcurrentWorkflowTasks())
			.setMaxConcurrentLocalActivityExecutionSize(tuning.maxConcurrentLocalActivities())
			.setMaxConcurrentWorkflowTaskPollers(tuning.workflowPollers())
			.setMaxConcurrentActivityTaskPollers(tuning.activityPollers())
			.setUsingVirtualThreads(tuning.useVirtualThreads())
			.build());
		contributions.forEach(c -> c.register(worker));
		log.info("Temporal worker on task queue '{}' ({} contributions, virtual threads {})", props.taskQueue(),
				contributions.size(), tuning.useVirtualThreads() ? "on" : "off");
		return worker;
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
