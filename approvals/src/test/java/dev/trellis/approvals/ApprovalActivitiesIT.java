package dev.trellis.approvals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.trellis.workflows.api.ApprovalActivities;
import dev.trellis.workflows.api.ApprovalContext;
import dev.trellis.workflows.api.DecisionRecord;
import dev.trellis.workflows.api.FailureTypes;
import dev.trellis.workflows.api.PendingApproval;
import dev.trellis.workflows.api.PipelineRef;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The approval activities against real PostgreSQL: idempotent under retries and races. */
class ApprovalActivitiesIT {

	private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

	private static final ApprovalContext CONTEXT = new ApprovalContext(new PipelineRef("content", 4),
			List.of("agents/writer@3", "models/gpt-4o-mini@2"));

	private static InboxDatabase db;

	private final RecordingNotifications notifications = new RecordingNotifications();

	private TestActivityEnvironment activityEnv;

	private ApprovalActivities activities;

	private int next;

	@BeforeAll
	static void database() {
		db = InboxDatabase.fresh();
	}

	@BeforeEach
	void activities() {
		activityEnv = TestActivityEnvironment.newInstance();
		activityEnv.registerActivitiesImplementations(new ApprovalActivitiesImpl(db.store, notifications));
		activities = activityEnv.newActivityStub(ApprovalActivities.class,
				ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build());
	}

	@AfterEach
	void close() {
		activityEnv.close();
	}

	private PendingApproval newApproval(List<String> assignees) {
		next++;
		return InboxDatabase.approval("run" + System.nanoTime() + next + ":review:1", assignees, T0.plusSeconds(next));
	}

	private static DecisionRecord decision(PendingApproval a, String status, String by) {
		return new DecisionRecord(a.approvalId(), status, by, T0.plusSeconds(600), "looks " + by, null);
	}

	@Test
	void openStoresWhatTheReviewerIsShownAndWhatProducedIt() {
		PendingApproval a = newApproval(List.of("group:editors"));
		activities.open(a, CONTEXT);

		ApprovalItem item = db.inbox.find(a.approvalId()).orElseThrow();
		assertThat(item.status()).isEqualTo(ApprovalStatus.PENDING);
		assertThat(item.payload()).isEqualTo(a.payload());
		assertThat(item.digest()).isEqualTo(a.digest());
		assertThat(item.assignees()).containsExactly("group:editors");
		assertThat(item.createdAt()).isEqualTo(a.createdAt());
		assertThat(item.dueAt()).isEqualTo(a.dueAt());
		assertThat(item.allowEdit()).isTrue();
		assertThat(item.producedBy()).containsExactly("agents/writer@3", "models/gpt-4o-mini@2");
		assertThat(item.pipeline()).isEqualTo(new PipelineRef("content", 4));
		assertThat(item.workflowId()).isEqualTo("test-workflow-id");
		assertThat(db.historyLines(a.approvalId(), "opened")).isEqualTo(1);
	}

	@Test
	void openingTwiceKeepsTheFirstItemAndOneHistoryLine() {
		PendingApproval a = newApproval(List.of("ana"));
		int before = db.items();
		activities.open(a, CONTEXT);
		activities.open(new PendingApproval(a.approvalId(), a.runId(), a.nodeId(), a.kind(), "Changed title",
				a.payload(), a.digest(), List.of("bob"), a.createdAt(), a.dueAt(), false), CONTEXT);

		assertThat(db.items()).isEqualTo(before + 1);
		ApprovalItem item = db.inbox.find(a.approvalId()).orElseThrow();
		assertThat(item.title()).isEqualTo("Approve the article");
		assertThat(item.assignees()).containsExactly("ana");
		assertThat(db.historyLines(a.approvalId(), "opened")).isEqualTo(1);
	}

	@Test
	void closingTwiceRecordsOnlyTheFirstDecision() {
		PendingApproval a = newApproval(List.of("ana"));
		activities.open(a, CONTEXT);
		activities.close(a, decision(a, DecisionRecord.APPROVED, "ana"));
		activities.close(a, decision(a, DecisionRecord.REJECTED, "bob"));

		ApprovalItem item = db.inbox.find(a.approvalId()).orElseThrow();
		assertThat(item.status()).isEqualTo(ApprovalStatus.APPROVED);
		assertThat(item.decidedBy()).isEqualTo("ana");
		assertThat(item.comment()).isEqualTo("looks ana");
		assertThat(db.historyLines(a.approvalId(), "decided")).isEqualTo(1);
	}

	@Test
	void editKeepsTheShownPayloadBesideTheEditedOutput() {
		PendingApproval a = newApproval(List.of("ana"));
		activities.open(a, CONTEXT);
		var edited = JsonNodeFactory.instance.objectNode().put("text", "Better draft");
		activities.close(a, new DecisionRecord(a.approvalId(), DecisionRecord.EDITED, "ana", T0.plusSeconds(90),
				"tightened", edited));

		ApprovalItem item = db.inbox.find(a.approvalId()).orElseThrow();
		assertThat(item.status()).isEqualTo(ApprovalStatus.EDITED);
		assertThat(item.payload()).isEqualTo(a.payload());
		assertThat(item.editedOutput()).isEqualTo(edited);
		HistoryEntry decided = db.inbox.history(a.approvalId()).get(1);
		assertThat(decided.action()).isEqualTo("decided");
		assertThat(decided.actor()).isEqualTo("ana");
		assertThat(decided.data().get("digest").asText()).isEqualTo(a.digest());
		assertThat(decided.data().get("edited").asBoolean()).isTrue();
	}

	@Test
	void expiredGateLeavesTheItemExpiredAndCancelledRunLeavesItCancelled() {
		PendingApproval expired = newApproval(List.of("ana"));
		PendingApproval cancelled = newApproval(List.of("ana"));
		activities.open(expired, CONTEXT);
		activities.open(cancelled, CONTEXT);
		activities.close(expired, decision(expired, DecisionRecord.TIMED_OUT, DecisionRecord.BY_TIMEOUT));
		activities.close(cancelled, decision(cancelled, DecisionRecord.CANCELLED, DecisionRecord.BY_RUN_END));

		assertThat(db.inbox.find(expired.approvalId()).orElseThrow().status()).isEqualTo(ApprovalStatus.EXPIRED);
		assertThat(db.inbox.find(cancelled.approvalId()).orElseThrow().status()).isEqualTo(ApprovalStatus.CANCELLED);
	}

	@Test
	void closeWhoseOpenWasLostCreatesTheItemDecided() {
		PendingApproval a = newApproval(List.of("ana"));
		activities.close(a, decision(a, DecisionRecord.REJECTED, "ana"));

		assertThat(db.inbox.find(a.approvalId()).orElseThrow().status()).isEqualTo(ApprovalStatus.REJECTED);
		assertThat(db.historyLines(a.approvalId(), "opened")).isEqualTo(1);
		assertThat(db.historyLines(a.approvalId(), "decided")).isEqualTo(1);
	}

	@Test
	void reassignMovesThePendingItemAndNotifiesOnce() {
		PendingApproval a = newApproval(List.of("group:editors"));
		activities.open(a, CONTEXT);
		PendingApproval escalated = new PendingApproval(a.approvalId(), a.runId(), a.nodeId(), a.kind(), a.title(),
				a.payload(), a.digest(), List.of("group:leads"), a.createdAt(), a.dueAt().plusSeconds(7200), true);
		activities.reassign(escalated, List.of("group:leads"));

		ApprovalItem item = db.inbox.find(a.approvalId()).orElseThrow();
		assertThat(item.assignees()).containsExactly("group:leads");
		assertThat(item.dueAt()).isEqualTo(escalated.dueAt());
		assertThat(notifications.escalations).containsExactly(a.approvalId() + " from [group:editors]");
		HistoryEntry reassigned = db.inbox.history(a.approvalId()).get(1);
		assertThat(reassigned.action()).isEqualTo("reassigned");
		assertThat(reassigned.assignees()).containsExactly("group:leads");
		assertThat(reassigned.data().get("previousAssignees").get(0).asText()).isEqualTo("group:editors");
	}

	@Test
	void sameReassignmentOrReminderRepeatedUnderOneKeyIsRecordedOnce() {
		PendingApproval a = newApproval(List.of("ana"));
		db.store.open(a, CONTEXT, "run-p-x");
		assertThat(db.store.reassign(a, List.of("bob"), "run-p-x", "act-7")).isPresent();
		assertThat(db.store.reassign(a, List.of("bob"), "run-p-x", "act-7")).isEmpty();
		assertThat(db.store.remind(a, "run-p-x", "act-8")).isPresent();
		assertThat(db.store.remind(a, "run-p-x", "act-8")).isEmpty();

		assertThat(db.historyLines(a.approvalId(), "reassigned")).isEqualTo(1);
		assertThat(db.historyLines(a.approvalId(), "reminded")).isEqualTo(1);
	}

	@Test
	void reminderOrReassignmentOfADecidedItemChangesNothing() {
		PendingApproval a = newApproval(List.of("ana"));
		activities.open(a, CONTEXT);
		activities.close(a, decision(a, DecisionRecord.APPROVED, "ana"));
		activities.remind(a);
		activities.reassign(a, List.of("bob"));

		assertThat(db.inbox.find(a.approvalId()).orElseThrow().assignees()).containsExactly("ana");
		assertThat(db.historyLines(a.approvalId(), "reminded")).isZero();
		assertThat(db.historyLines(a.approvalId(), "reassigned")).isZero();
		assertThat(notifications.reminders).isEmpty();
		assertThat(notifications.escalations).isEmpty();
	}

	@Test
	void malformedApprovalFailsWithoutRetry() {
		PendingApproval a = newApproval(List.of("ana"));
		PendingApproval bogus = new PendingApproval(a.approvalId(), a.runId(), a.nodeId(), "email", a.title(),
				a.payload(), a.digest(), a.assignees(), a.createdAt(), a.dueAt(), false);

		assertThatThrownBy(() -> activities.open(bogus, CONTEXT)).isInstanceOf(ActivityFailure.class)
			.cause()
			.isInstanceOfSatisfying(ApplicationFailure.class, f -> {
				assertThat(f.getType()).isEqualTo(FailureTypes.NON_RETRYABLE);
				assertThat(f.isNonRetryable()).isTrue();
			});
		assertThat(db.inbox.find(a.approvalId())).isEmpty();
	}

	@Test
	void concurrentClosesRecordExactlyOneDecision() throws Exception {
		PendingApproval a = newApproval(List.of("group:editors"));
		db.store.open(a, CONTEXT, "run-p-race");
		int contenders = 8;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(contenders);
		try {
			List<Future<Optional<ApprovalItem>>> results = new ArrayList<>();
			for (int i = 0; i < contenders; i++) {
				String by = "reviewer-" + i;
				String status = i % 2 == 0 ? DecisionRecord.APPROVED : DecisionRecord.REJECTED;
				results.add(pool.submit(() -> {
					start.await();
					return db.store.close(a, decision(a, status, by), "run-p-race");
				}));
			}
			start.countDown();
			List<ApprovalItem> winners = new ArrayList<>();
			for (Future<Optional<ApprovalItem>> r : results) {
				r.get().ifPresent(winners::add);
			}

			assertThat(winners).hasSize(1);
			ApprovalItem stored = db.inbox.find(a.approvalId()).orElseThrow();
			assertThat(stored.decidedBy()).isEqualTo(winners.get(0).decidedBy());
			assertThat(stored.status()).isEqualTo(winners.get(0).status());
			assertThat(db.historyLines(a.approvalId(), "decided")).isEqualTo(1);
		}
		finally {
			pool.shutdownNow();
		}
	}

	/**
	 * The hard case for idempotency: each activity commits, then its attempt fails as if the worker
	 * died before reporting completion, and Temporal runs it again with the same activity id.
	 */
	@Test
	void activitiesRetriedByTemporalAfterTheirCommitRecordEverythingOnce() {
		PendingApproval a = newApproval(List.of("group:editors"));
		PendingApproval escalated = new PendingApproval(a.approvalId(), a.runId(), a.nodeId(), a.kind(), a.title(),
				a.payload(), a.digest(), List.of("group:leads"), a.createdAt(), a.dueAt().plusSeconds(3600), true);
		try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
			Worker worker = env.newWorker("approvals-retry");
			worker.registerWorkflowImplementationTypes(GateScriptImpl.class);
			worker.registerActivitiesImplementations(
					new FailFirstAttemptAfterCommit(new ApprovalActivitiesImpl(db.store, notifications)));
			env.start();
			GateScript script = env.getWorkflowClient()
				.newWorkflowStub(GateScript.class, WorkflowOptions.newBuilder()
					.setTaskQueue("approvals-retry")
					.setWorkflowId("run-content-" + a.runId())
					.build());
			script.run(a, escalated, decision(escalated, DecisionRecord.APPROVED, "lea"));
		}

		assertThat(db.historyLines(a.approvalId(), "opened")).isEqualTo(1);
		assertThat(db.historyLines(a.approvalId(), "reminded")).isEqualTo(1);
		assertThat(db.historyLines(a.approvalId(), "reassigned")).isEqualTo(1);
		assertThat(db.historyLines(a.approvalId(), "decided")).isEqualTo(1);
		assertThat(notifications.reminders).containsExactly(a.approvalId());
		assertThat(notifications.escalations).containsExactly(a.approvalId() + " from [group:editors]");
		ApprovalItem item = db.inbox.find(a.approvalId()).orElseThrow();
		assertThat(item.workflowId()).isEqualTo("run-content-" + a.runId());
		assertThat(item.status()).isEqualTo(ApprovalStatus.APPROVED);
		assertThat(item.decidedBy()).isEqualTo("lea");
	}

	/** Drives the activities in the order a gate with a reminder and an escalation calls them. */
	@WorkflowInterface
	public interface GateScript {

		@WorkflowMethod
		void run(PendingApproval approval, PendingApproval escalated, DecisionRecord decision);

	}

	public static class GateScriptImpl implements GateScript {

		private final ApprovalActivities activities = Workflow.newActivityStub(ApprovalActivities.class,
				ActivityOptions.newBuilder()
					.setStartToCloseTimeout(Duration.ofSeconds(10))
					.setRetryOptions(RetryOptions.newBuilder()
						.setInitialInterval(Duration.ofMillis(10))
						.setMaximumAttempts(3)
						.build())
					.build());

		@Override
		public void run(PendingApproval approval, PendingApproval escalated, DecisionRecord decision) {
			activities.open(approval, CONTEXT);
			activities.remind(approval);
			activities.reassign(escalated, escalated.assignees());
			activities.close(escalated, decision);
		}

	}

	/** Lets each call commit, then loses the first attempt's completion. */
	static final class FailFirstAttemptAfterCommit implements ApprovalActivities {

		private final ApprovalActivities delegate;

		FailFirstAttemptAfterCommit(ApprovalActivities delegate) {
			this.delegate = delegate;
		}

		@Override
		public void open(PendingApproval approval, ApprovalContext context) {
			delegate.open(approval, context);
			failFirstAttempt();
		}

		@Override
		public void close(PendingApproval approval, DecisionRecord decision) {
			delegate.close(approval, decision);
			failFirstAttempt();
		}

		@Override
		public void reassign(PendingApproval approval, List<String> assignees) {
			delegate.reassign(approval, assignees);
			failFirstAttempt();
		}

		@Override
		public void remind(PendingApproval approval) {
			delegate.remind(approval);
			failFirstAttempt();
		}

		private static void failFirstAttempt() {
			if (Activity.getExecutionContext().getInfo().getAttempt() == 1) {
				throw ApplicationFailure.newFailure("The worker died before reporting completion", "Simulated");
			}
		}

	}

	/** Remembers the notifications sent, in order. */
	static final class RecordingNotifications implements NotificationPort {

		final List<String> reminders = Collections.synchronizedList(new CopyOnWriteArrayList<>());

		final List<String> escalations = Collections.synchronizedList(new CopyOnWriteArrayList<>());

		@Override
		public void reminder(ApprovalItem item) {
			reminders.add(item.approvalId());
		}

		@Override
		public void escalated(ApprovalItem item, List<String> previousAssignees) {
			escalations.add(item.approvalId() + " from " + previousAssignees);
		}

	}

}
