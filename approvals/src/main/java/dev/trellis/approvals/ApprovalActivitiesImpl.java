package dev.trellis.approvals;

import java.util.List;
import java.util.Set;

import dev.trellis.workflows.api.ApprovalActivities;
import dev.trellis.workflows.api.ApprovalContext;
import dev.trellis.workflows.api.DecisionRecord;
import dev.trellis.workflows.api.FailureTypes;
import dev.trellis.workflows.api.PendingApproval;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import io.temporal.failure.ApplicationFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbox side of a review gate, called by the run. Each method is idempotent on the approval id:
 * a retry never creates a second item, records a decision twice, or writes a second history line
 * for the same reassignment or reminder (those are keyed by the activity id, which Temporal keeps
 * across retries). The run emits the {@code approval.*} trace events itself, so nothing here does.
 *
 * <p>Malformed input fails without retry ({@link FailureTypes#NON_RETRYABLE}); PostgreSQL errors
 * fail the attempt and Temporal retries it.
 */
public class ApprovalActivitiesImpl implements ApprovalActivities {

	private static final Logger log = LoggerFactory.getLogger(ApprovalActivitiesImpl.class);

	private static final Set<String> KINDS = Set.of("node_output", "tool_call");

	private final ApprovalStore store;

	private final NotificationPort notifications;

	ApprovalActivitiesImpl(ApprovalStore store, NotificationPort notifications) {
		this.store = store;
		this.notifications = notifications;
	}

	@Override
	public void open(PendingApproval approval, ApprovalContext context) {
		check(approval);
		if (!store.open(approval, context, info().getWorkflowId())) {
			log.debug("Approval {} was already open", approval.approvalId());
		}
	}

	@Override
	public void close(PendingApproval approval, DecisionRecord decision) {
		check(approval);
		if (decision == null || !approval.approvalId().equals(decision.approvalId())) {
			throw invalid("The decision does not belong to approval " + approval.approvalId());
		}
		try {
			ApprovalStatus.ofDecision(decision.status());
		}
		catch (IllegalArgumentException e) {
			throw invalid(e.getMessage());
		}
		if (store.close(approval, decision, info().getWorkflowId()).isEmpty()) {
			log.debug("Approval {} was already closed", approval.approvalId());
		}
	}

	@Override
	public void reassign(PendingApproval approval, List<String> assignees) {
		check(approval);
		if (assignees == null) {
			throw invalid("Reassigning approval " + approval.approvalId() + " needs the new assignees");
		}
		ActivityInfo info = info();
		store.reassign(approval, assignees, info.getWorkflowId(), eventKey(info))
			.ifPresent(change -> notify(approval, () -> notifications.escalated(change.item(), change.previousAssignees())));
	}

	@Override
	public void remind(PendingApproval approval) {
		check(approval);
		ActivityInfo info = info();
		store.remind(approval, info.getWorkflowId(), eventKey(info))
			.ifPresent(item -> notify(approval, () -> notifications.reminder(item)));
	}

	/**
	 * Notifications go out after the change is committed and only by the call that recorded it; a
	 * broken notifier must not stall the run, so its failure is logged, not retried.
	 */
	private static void notify(PendingApproval approval, Runnable send) {
		try {
			send.run();
		}
		catch (RuntimeException e) {
			log.warn("Notification about approval {} failed: {}", approval.approvalId(), e.toString());
		}
	}

	private static void check(PendingApproval a) {
		if (a == null || blank(a.approvalId()) || blank(a.runId()) || blank(a.nodeId()) || blank(a.digest())
				|| a.assignees() == null || a.createdAt() == null) {
			throw invalid("Approval needs an id, run id, node id, digest, assignees and creation time: " + a);
		}
		if (!KINDS.contains(a.kind())) {
			throw invalid("Approval kind must be one of " + KINDS + ", not '" + a.kind() + "'");
		}
	}

	/** The same for every retry of one scheduled activity, different for each new one. */
	private static String eventKey(ActivityInfo info) {
		return info.getWorkflowId() + "/" + info.getRunId() + "/" + info.getActivityId();
	}

	private static ActivityInfo info() {
		return Activity.getExecutionContext().getInfo();
	}

	private static boolean blank(String s) {
		return s == null || s.isBlank();
	}

	private static ApplicationFailure invalid(String message) {
		return ApplicationFailure.newNonRetryableFailure(message, FailureTypes.NON_RETRYABLE);
	}

}
