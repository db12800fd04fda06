package dev.trellis.workflows.api;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The reviewer inbox, seen from a run. Every method is idempotent on the approval id: a retried
 * activity never creates a second item or records a decision twice.
 */
@ActivityInterface(namePrefix = "Approval.")
public interface ApprovalActivities {

	/**
	 * Creates the inbox item (PostgreSQL). The run itself emits {@code approval.requested} in its event
	 * stream, so this method must not emit it again. The item should remember the calling workflow id
	 * ({@code ActivityInfo.getWorkflowId()}): decisions on an approval of a subpipeline go to that child.
	 */
	@ActivityMethod
	void open(PendingApproval approval, ApprovalContext context);

	/**
	 * Stores the decision on the item ({@link DecisionRecord#status()} also {@code TIMED_OUT} or
	 * {@code CANCELLED}). The run emits {@code approval.decided} itself.
	 */
	@ActivityMethod
	void close(PendingApproval approval, DecisionRecord decision);

	/** Moves the item to new assignees after an escalation (the run emits {@code approval.escalated}). */
	@ActivityMethod
	void reassign(PendingApproval approval, java.util.List<String> assignees);

	/**
	 * Reminds the assignees before the due time; notification ports (webhook, email) hook in here. The
	 * run emits {@code approval.reminder} itself.
	 */
	@ActivityMethod
	void remind(PendingApproval approval);

}
