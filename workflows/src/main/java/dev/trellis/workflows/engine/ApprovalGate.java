package dev.trellis.workflows.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.trellis.workflows.api.ApprovalActivities;
import dev.trellis.workflows.api.ApprovalContext;
import dev.trellis.workflows.api.DecisionRecord;
import dev.trellis.workflows.api.ErrorInfo;
import dev.trellis.workflows.api.PendingApproval;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.TimerOptions;
import io.temporal.workflow.Workflow;

/**
 * Waits durably for a human: opens the inbox item, then blocks the calling workflow thread until the
 * {@code decide} update records a decision or the window expires. The same gate serves
 * {@code human_review} nodes and tool calls an agent wants approved.
 *
 * <p>Timers live in a {@link CancellationScope} that is cancelled once the gate is decided: a
 * {@code Workflow.await(timeout, condition)} would leave its timer running in SDK 1.39, and a run
 * parked on thousands of gates must not carry dead timers.
 */
final class ApprovalGate {

	private static final Logger log = Workflow.getLogger(ApprovalGate.class);

	/** The inbox is PostgreSQL: retry for as long as it takes, a lost item would strand the run. */
	private static final ActivityOptions OPTIONS = ActivityOptions.newBuilder()
		.setStartToCloseTimeout(Duration.ofSeconds(30))
		.setRetryOptions(RetryOptions.newBuilder()
			.setInitialInterval(Duration.ofSeconds(1))
			.setMaximumInterval(Duration.ofMinutes(1))
			.build())
		.build();

	/** Closing items of a run that is ending is a courtesy to the inbox and must not hold the run up. */
	private static final ActivityOptions CLOSE_AT_END = OPTIONS.toBuilder()
		.setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
		.build();

	/** {@code Workflow.getVersion} change id: the inbox item is closed without holding up the run. */
	static final String CLOSE_IN_BACKGROUND = "approval-close-in-background";

	private final ApprovalBook book;

	private final List<PendingClose> closing = new ArrayList<>();

	private final EventBuffer events;

	ApprovalGate(ApprovalBook book, EventBuffer events) {
		this.book = book;
		this.events = events;
	}

	/** Opens the approval and blocks until it is decided, by a reviewer or by the policy. */
	DecisionRecord await(PendingApproval approval, ApprovalContext context, GatePolicy policy) {
		ApprovalBook.Entry entry = book.open(approval);
		events.add("approval.requested", approval.nodeId(), 1, describe(approval));
		activities(approval.nodeId(), "open approval", OPTIONS).open(approval, context);
		Duration window = policy.timeout();
		boolean escalated = false;
		DecisionRecord decision = null;
		while (decision == null) {
			decision = awaitWindow(entry, window, policy.reminderDelay(window));
			if (decision != null) {
				break;
			}
			if (policy.onTimeout().equals(GatePolicy.ESCALATE) && !escalated && !policy.escalateTo().isEmpty()) {
				escalated = true;
				entry.reassign(policy.escalateTo(), RunContext.now().plus(window));
				events.add("approval.escalated", approval.nodeId(), 1, describe(entry.approval()));
				activities(approval.nodeId(), "escalate approval", OPTIONS).reassign(entry.approval(),
						policy.escalateTo());
			}
			else {
				decision = entry.decideBySystem(timeoutStatus(policy.onTimeout()), DecisionRecord.BY_TIMEOUT,
						RunContext.now(), "No decision within " + window);
			}
		}
		events.add("approval.decided", approval.nodeId(), 1, describe(decision));
		close(entry.approval(), decision);
		return decision;
	}

	/**
	 * Records the decision on the inbox item. Runs that reached this point before the change
	 * {@value #CLOSE_IN_BACKGROUND} wait for it, as their histories say. Newer runs do not: the
	 * decision is already the run's (the update recorded it), so the next node starts in the same
	 * workflow task, and the item is closed in the background, in a detached scope so that cancelling the run or the node does not abandon the
	 * write. {@link #settleCloses} makes the run wait for these writes before it ends, because an
	 * activity still pending when the run closes is dropped and would leave the item open.
	 */
	private void close(PendingApproval approval, DecisionRecord decision) {
		ApprovalActivities inbox = activities(approval.nodeId(), "close approval", OPTIONS);
		if (Workflow.getVersion(CLOSE_IN_BACKGROUND, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
			inbox.close(approval, decision);
			return;
		}
		Workflow.newDetachedCancellationScope(() -> {
			Promise<Void> write = Async.procedure(inbox::close, approval, decision);
			closing.add(new PendingClose(approval.approvalId(), write));
		}).run();
	}

	/**
	 * The first background close that failed, as the error that fails the run, or null. The inbox
	 * activity retries for as long as it takes, so only a non-retryable refusal ends up here; it used to
	 * fail the review node, and since that node has finished by now it fails the run instead.
	 */
	ErrorInfo failedClose() {
		for (PendingClose close : closing) {
			if (close.write().isCompleted() && close.write().getFailure() != null) {
				ErrorInfo cause = Failures.describe(close.write().getFailure());
				return new ErrorInfo(cause.type(), "Approval '" + close.approvalId()
						+ "' was decided but the inbox could not record it: " + cause.message(), false);
			}
		}
		return null;
	}

	/** Waits until every background close has finished, then returns the first failure, if any. */
	ErrorInfo settleCloses() {
		Workflow.await(() -> closing.stream().allMatch(c -> c.write().isCompleted()));
		ErrorInfo failure = failedClose();
		if (failure != null) {
			log.warn(failure.message());
		}
		return failure;
	}

	/**
	 * Closes every undecided item as {@code CANCELLED} because the run ended (failed or cancelled); call
	 * it in a detached scope when the run itself was cancelled.
	 */
	void closeAllUndecided() {
		for (ApprovalBook.Entry entry : book.undecided()) {
			DecisionRecord decision = entry.decideBySystem(DecisionRecord.CANCELLED, DecisionRecord.BY_RUN_END,
					RunContext.now(), "The run ended before a decision");
			events.add("approval.decided", entry.approval().nodeId(), 1, describe(decision));
			try {
				activities(entry.approval().nodeId(), "close approval", CLOSE_AT_END).close(entry.approval(), decision);
			}
			catch (ActivityFailure e) {
				log.warn("Could not close approval {}: {}", entry.approval().approvalId(), e.getMessage());
			}
		}
	}

	/** Null when the window expired, the decision otherwise. */
	private DecisionRecord awaitWindow(ApprovalBook.Entry entry, Duration window, Duration reminderDelay) {
		if (window == null) {
			Workflow.await(entry::isDecided);
			return entry.decision();
		}
		String nodeId = entry.approval().nodeId();
		Timers timers = new Timers();
		CancellationScope scope = Workflow.newCancellationScope(() -> {
			timers.deadline = Workflow.newTimer(window, summary(nodeId, "approval timeout"));
			timers.reminder = reminderDelay == null ? null
					: Workflow.newTimer(reminderDelay, summary(nodeId, "approval reminder"));
		});
		scope.run();
		try {
			boolean reminded = timers.reminder == null;
			while (true) {
				boolean remindDue = !reminded;
				Workflow.await(
						() -> entry.isDecided() || fired(timers.deadline) || remindDue && fired(timers.reminder));
				if (entry.isDecided()) {
					return entry.decision();
				}
				if (fired(timers.deadline)) {
					return null;
				}
				reminded = true;
				events.add("approval.reminder", nodeId, 1, describe(entry.approval()));
				activities(nodeId, "approval reminder", OPTIONS).remind(entry.approval());
			}
		}
		finally {
			scope.cancel();
		}
	}

	private static String timeoutStatus(String onTimeout) {
		return switch (onTimeout) {
			case GatePolicy.APPROVE -> DecisionRecord.APPROVED;
			case GatePolicy.FAIL -> DecisionRecord.TIMED_OUT;
			default -> DecisionRecord.REJECTED;
		};
	}

	private static boolean fired(Promise<Void> timer) {
		return timer != null && timer.isCompleted() && timer.getFailure() == null;
	}

	private static TimerOptions summary(String nodeId, String what) {
		return TimerOptions.newBuilder().setSummary(nodeId + " · " + what).build();
	}

	private static ApprovalActivities activities(String nodeId, String what, ActivityOptions options) {
		return Workflow.newActivityStub(ApprovalActivities.class,
				options.toBuilder().setSummary(nodeId + " · " + what).build());
	}

	private static ObjectNode describe(PendingApproval approval) {
		ObjectNode data = EventBuffer.data()
			.put("approvalId", approval.approvalId())
			.put("kind", approval.kind())
			.put("title", approval.title())
			.put("digest", approval.digest());
		approval.assignees().forEach(data.putArray("assignees")::add);
		data.put("dueAt", approval.dueAt() == null ? null : approval.dueAt().toString());
		return data;
	}

	private static ObjectNode describe(DecisionRecord decision) {
		return EventBuffer.data()
			.put("approvalId", decision.approvalId())
			.put("status", decision.status())
			.put("decidedBy", decision.decidedBy())
			.put("comment", decision.comment());
	}

	/** A close activity running in the background for one decided approval. */
	private record PendingClose(String approvalId, Promise<Void> write) {
	}

	/** Holder the scope's lambda can assign to. */
	private static final class Timers {

		private Promise<Void> deadline;

		private Promise<Void> reminder;

	}

}
