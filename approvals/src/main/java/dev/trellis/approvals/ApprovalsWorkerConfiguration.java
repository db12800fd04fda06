package dev.trellis.approvals;

import dev.trellis.temporal.ConditionalOnRole;
import dev.trellis.temporal.TrellisRole;
import dev.trellis.temporal.WorkerContribution;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the approval activities on the worker of {@code worker} and {@code all} processes. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRole(TrellisRole.WORKER)
public class ApprovalsWorkerConfiguration {

	/**
	 * Notifications go to the application's {@link NotificationPort} bean (a webhook or mail adapter),
	 * or to the log when there is none.
	 */
	@Bean
	ApprovalActivitiesImpl approvalActivities(ApprovalStore store, ObjectProvider<NotificationPort> notifications) {
		return new ApprovalActivitiesImpl(store, notifications.getIfAvailable(LoggingNotificationPort::new));
	}

	@Bean
	WorkerContribution approvalActivitiesContribution(ApprovalActivitiesImpl activities) {
		return worker -> worker.registerActivitiesImplementations(activities);
	}

}
