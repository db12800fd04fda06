package dev.trellis.trace;

import dev.trellis.temporal.ConditionalOnRole;
import dev.trellis.temporal.TrellisRole;
import dev.trellis.temporal.WorkerContribution;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers {@link RunEventActivitiesImpl} (called as a local activity) on the worker. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRole(TrellisRole.WORKER)
public class TraceWorkerConfiguration {

	@Bean
	WorkerContribution runEventActivities(RunEventPublisher publisher) {
		return worker -> worker.registerActivitiesImplementations(new RunEventActivitiesImpl(publisher));
	}

}
