package dev.trellis.approvals;

import java.util.List;

/**
 * Tells people about inbox items that need them: a reminder before the due time, an escalation to
 * new assignees. Called by the approval activities after the change is recorded, once per change (a
 * retried activity does not notify again). Implementations should not throw; a failure is logged
 * and never fails the run.
 *
 * <pre>{@code
 * @Bean
 * NotificationPort webhookNotifications(RestClient http) {
 *     return new WebhookNotificationPort(http, URI.create("https://chat.example/hooks/reviews"));
 * }
 * }</pre>
 */
public interface NotificationPort {

	/** The item is still pending and due soon. */
	void reminder(ApprovalItem item);

	/** The item moved to {@code item.assignees()}; it was assigned to {@code previousAssignees}. */
	void escalated(ApprovalItem item, List<String> previousAssignees);

}
