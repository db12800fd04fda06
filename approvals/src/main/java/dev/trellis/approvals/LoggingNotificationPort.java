package dev.trellis.approvals;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The default {@link NotificationPort}: writes one log line per notification. */
public class LoggingNotificationPort implements NotificationPort {

	private static final Logger log = LoggerFactory.getLogger(LoggingNotificationPort.class);

	@Override
	public void reminder(ApprovalItem item) {
		log.info("Reminder: approval {} ('{}') of run {} waits for {} until {}", item.approvalId(), item.title(),
				item.runId(), item.assignees(), item.dueAt());
	}

	@Override
	public void escalated(ApprovalItem item, List<String> previousAssignees) {
		log.info("Escalation: approval {} ('{}') of run {} moved from {} to {}, due {}", item.approvalId(),
				item.title(), item.runId(), previousAssignees, item.assignees(), item.dueAt());
	}

}
