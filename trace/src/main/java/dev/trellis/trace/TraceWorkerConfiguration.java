package dev.trellis.trace;

import dev.trellis.temporal.ConditionalOnRole;
import dev.trellis.temporal.TrellisRole;
import dev.trellis.temporal.WorkerContribution;
import dev.trellis.workflows.api.RunEventActivities;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * On workers: {@link RunEventActivitiesImpl} as a bean (the activities module records its
 * {@code llm.*} and {@code tool.*} events through it in-process) and registered on the Temporal
 * worker, where pipeline workflows call it as a local activity.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRole(TrellisRole.WORKER)
public class TraceWorkerConfiguration {

	@Bean
	RunEventActivities runEventActivities(RunEventPublisher publisher) {
		return new RunEventActivitiesImpl(publisher);
	}

	@Bean
	WorkerContribution runEventActivitiesOnWorker(RunEventActivities runEventActivities) {
		return worker -> worker.registerActivitiesImplementations(runEventActivities);
	}

}
