package dev.trellis.workflows.engine;

import static dev.trellis.workflows.engine.EngineHarness.decision;
import static dev.trellis.workflows.engine.EngineHarness.json;
import static dev.trellis.workflows.engine.EngineHarness.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.NullNode;

import dev.trellis.workflows.api.DecisionRecord;
import dev.trellis.workflows.api.DecisionRejection;
import dev.trellis.workflows.api.DecisionRequest;
import dev.trellis.workflows.api.FailureTypes;
import dev.trellis.workflows.api.NodeStatus;
import dev.trellis.workflows.api.PendingApproval;
import dev.trellis.workflows.api.RunResult;
import dev.trellis.workflows.api.RunStatus;
import dev.trellis.workflows.api.RunView;
import dev.trellis.workflows.api.TrellisSearchAttributes;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;

class HumanReviewGateTest {

	private final EngineHarness harness = new EngineHarness().tool("publish").tool("fetch").agent("writer", "{}");

	@AfterEach
	void close() {
		harness.close();
	}

	/**
	 * write -> review -> publish (approved) and, with a rejected branch, revise (rejected); the review
	 * settings vary per test.
	 */
	private static String pipeline(String reviewSettings, boolean withRejectedBranch) {
		String revise = withRejectedBranch ? """
				, {'id': 'revise', 'type': 'agent', 'agent': {'name': 'writer', 'version': 1},
				   'prompt': 'Revise: {{nodes.review.comment}}'}""" : "";
		String reviseEdge = withRejectedBranch ? ", {'from': 'review', 'to': 'revise', 'when': 'rejected'}" : "";
		return """
				{'nodes': [
				  {'id': 'write', 'type': 'agent', 'agent': {'name': 'writer', 'version': 1}, 'prompt': 'draft'},
				  {'id': 'review', 'type': 'human_review', 'title': 'Approve the article', 'show': '{{nodes.write.output}}',
				   'assignees': ['group:editors', 'bob'], %s},
				  {'id': 'publish', 'type': 'tool', 'tool': {'name': 'publish', 'version': 1}, 'args': {'body': '{{nodes.review.output}}'}}
				  %s
				 ],
				 'edges': [{'from': 'write', 'to': 'review'}, {'from': 'review', 'to': 'publish', 'when': 'approved'}%s]}
				""".formatted(reviewSettings, revise, reviseEdge);
	}

	private PendingApproval awaitApproval(String runId) {
		RunView view = harness.awaitState(runId, v -> !v.pendingApprovals().isEmpty());
		return view.pendingApprovals().get(0);
	}

	private static DecisionRequest byEditor(String approvalId, String verb, String comment) {
		return new DecisionRequest(approvalId, verb, null, comment, "ana", List.of("editors"), false);
	}

	@Test
	void waitingRunShowsWhoItWaitsForAndIsFindableByStatus() {
		harness.start("waiting", pipeline("'timeout': '72h'", true));

		PendingApproval approval = awaitApproval("waiting");

		RunView view = harness.run("waiting").state();
		assertThat(approval.approvalId()).isEqualTo("waiting:review:1");
		assertThat(approval.kind()).isEqualTo("node_output");
		assertThat(approval.assignees()).containsExactly("group:editors", "bob");
		assertThat(approval.payload().asText()).isEqualTo("write says draft");
		assertThat(approval.digest()).startsWith("sha256:");
		assertThat(approval.dueAt()).isEqualTo(approval.createdAt().plus(Duration.ofHours(72)));
		assertThat(view.status()).isEqualTo(RunStatus.WAITING_FOR_APPROVAL);
		assertThat(node(view, "review").status()).isEqualTo(NodeStatus.WAITING_FOR_APPROVAL);
		harness.awaitState("waiting", v -> !harness.approvals.opened.isEmpty());
		assertThat(harness.approvals.contexts.get(0).producedBy()).containsExactly("agents/writer@1",
				"models/stub-model@1");
		assertThat(harness.untyped("waiting").describe().getTypedSearchAttributes().get(TrellisSearchAttributes.STATUS))
			.isEqualTo("WAITING_FOR_APPROVAL");
	}

	@Test
	void approvedReviewPassesTheShownOutputToPublish() {
		harness.start("approve", pipeline("'timeout': '72h'", true));
		PendingApproval approval = awaitApproval("approve");

		DecisionRecord recorded = harness.run("approve").decide(byEditor(approval.approvalId(), "approve", "ship it"));
		RunResult result = harness.result("approve");

		assertThat(recorded.status()).isEqualTo(DecisionRecord.APPROVED);
		assertThat(recorded.decidedBy()).isEqualTo("ana");
		assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
		assertThat(harness.tools.lastArgs("publish")).isEqualTo(json("{'body': 'write says draft'}"));
		RunView view = harness.run("approve").state();
		assertThat(node(view, "revise").status()).isEqualTo(NodeStatus.SKIPPED);
		assertThat(node(view, "review").comment()).isEqualTo("ship it");
		assertThat(harness.approvals.closed).extracting(DecisionRecord::status).containsExactly("APPROVED");
		assertThat(harness.events.types()).contains("approval.requested", "approval.decided");
	}

	@Test
	void editedReviewPassesTheReviewersOutputDownstream() {
		harness.start("edit", pipeline("'allowEdit': true", true));
		PendingApproval approval = awaitApproval("edit");

		harness.run("edit").decide(EngineHarness.edit(approval.approvalId(), "bob", json("'a better article'")));
		harness.result("edit");

		assertThat(harness.tools.lastArgs("publish")).isEqualTo(json("{'body': 'a better article'}"));
		assertThat(harness.approvals.closed.get(0).output().asText()).isEqualTo("a better article");
		assertThat(harness.approvals.opened.get(0).payload().asText()).isEqualTo("write says draft");
	}

	@Test
	void rejectedReviewSkipsPublishAndRevisesWithTheComment() {
		harness.start("reject", pipeline("'timeout': '72h'", true));
		PendingApproval approval = awaitApproval("reject");

		harness.run("reject").decide(byEditor(approval.approvalId(), "reject", "too long"));
		RunResult result = harness.result("reject");

		RunView view = harness.run("reject").state();
		assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
		assertThat(node(view, "publish").status()).isEqualTo(NodeStatus.SKIPPED);
		assertThat(harness.tools.count("publish")).isZero();
		assertThat(node(view, "revise").output().asText()).isEqualTo("revise says Revise: too long");
	}

	@Test
	void rejectionWithoutARejectedBranchFailsTheRun() {
		harness.start("reject-fail", pipeline("'timeout': '72h'", false));
		PendingApproval approval = awaitApproval("reject-fail");

		harness.run("reject-fail").decide(byEditor(approval.approvalId(), "reject", "no"));

		assertThatThrownBy(() -> harness.result("reject-fail")).isInstanceOf(WorkflowFailedException.class)
			.cause()
			.isInstanceOfSatisfying(ApplicationFailure.class,
					f -> assertThat(f.getType()).isEqualTo(FailureTypes.REJECTED));
		RunView view = harness.run("reject-fail").state();
		assertThat(view.status()).isEqualTo(RunStatus.FAILED);
		assertThat(node(view, "review").error().message()).isEqualTo("Rejected by ana: no");
		assertThat(node(view, "publish").status()).isEqualTo(NodeStatus.SKIPPED);
	}

	@Test
	void timeoutRejectsByDefault() {
		harness.start("t-reject", pipeline("'timeout': '1h', 'onTimeout': 'reject'", true));
		awaitApproval("t-reject");

		harness.result("t-reject");

		RunView view = harness.run("t-reject").state();
		assertThat(node(view, "publish").status()).isEqualTo(NodeStatus.SKIPPED);
		assertThat(node(view, "revise").status()).isEqualTo(NodeStatus.COMPLETED);
		assertThat(harness.approvals.closed.get(0).decidedBy()).isEqualTo(DecisionRecord.BY_TIMEOUT);
	}

	@Test
	void timeoutCanApprove() {
		harness.start("t-approve", pipeline("'timeout': '1h', 'onTimeout': 'approve'", true));
		awaitApproval("t-approve");

		harness.result("t-approve");

		assertThat(harness.tools.lastArgs("publish")).isEqualTo(json("{'body': 'write says draft'}"));
		assertThat(harness.approvals.closed.get(0).status()).isEqualTo(DecisionRecord.APPROVED);
	}

	@Test
	void timeoutCanFailTheRun() {
		harness.start("t-fail", pipeline("'timeout': '1h', 'onTimeout': 'fail'", true));
		awaitApproval("t-fail");

		assertThatThrownBy(() -> harness.result("t-fail")).isInstanceOf(WorkflowFailedException.class);
		RunView view = harness.run("t-fail").state();
		assertThat(node(view, "review").error().type()).isEqualTo(FailureTypes.APPROVAL_TIMED_OUT);
		assertThat(node(view, "revise").status()).isEqualTo(NodeStatus.SKIPPED);
		assertThat(harness.approvals.closed.get(0).status()).isEqualTo(DecisionRecord.TIMED_OUT);
	}

	@Test
	void timeoutEscalatesToNewAssigneesWhoCanThenDecide() {
		harness.start("escalate",
				pipeline("'timeout': '2h', 'onTimeout': 'escalate', 'escalateTo': ['group:chiefs']", true));
		PendingApproval first = awaitApproval("escalate");

		harness.env.sleep(Duration.ofHours(2).plusMinutes(1));

		PendingApproval escalated = harness
			.awaitState("escalate", v -> v.pendingApprovals().get(0).assignees().contains("group:chiefs"))
			.pendingApprovals()
			.get(0);
		assertThat(escalated.approvalId()).isEqualTo(first.approvalId());
		assertThat(escalated.dueAt()).isAfter(first.dueAt());
		assertThat(harness.approvals.reassigned).extracting(Stubs.Reassignment::assignees)
			.containsExactly(List.of("group:chiefs"));
		assertThatThrownBy(() -> harness.run("escalate").decide(byEditor(first.approvalId(), "approve", null)))
			.isInstanceOf(WorkflowUpdateException.class);

		harness.run("escalate")
			.decide(new DecisionRequest(first.approvalId(), "approve", null, null, "cleo", List.of("chiefs"), false));
		harness.result("escalate");

		assertThat(harness.tools.count("publish")).isEqualTo(1);
	}

	@Test
	void escalatedReviewThatExpiresAgainIsRejected() {
		harness.start("escalate-twice",
				pipeline("'timeout': '2h', 'onTimeout': 'escalate', 'escalateTo': ['group:chiefs']", true));
		awaitApproval("escalate-twice");

		harness.result("escalate-twice");

		assertThat(harness.approvals.reassigned).hasSize(1);
		assertThat(harness.approvals.closed.get(0).status()).isEqualTo(DecisionRecord.REJECTED);
		assertThat(node(harness.run("escalate-twice").state(), "revise").status()).isEqualTo(NodeStatus.COMPLETED);
	}

	@Test
	void reminderGoesOutBeforeTheDueTime() {
		harness.start("remind", pipeline("'timeout': '24h', 'remindBefore': '2h'", true));
		PendingApproval approval = awaitApproval("remind");

		harness.env.sleep(Duration.ofHours(23));

		harness.awaitState("remind", v -> !harness.approvals.reminded.isEmpty());
		assertThat(harness.approvals.reminded.get(0).at()).isBetween(approval.dueAt().minus(Duration.ofHours(2)),
				approval.dueAt().minus(Duration.ofHours(2)).plusSeconds(60));
		harness.run("remind").decide(byEditor(approval.approvalId(), "approve", null));
		harness.result("remind");
		assertThat(harness.approvals.reminded).hasSize(1);
	}

	@Test
	void reviewWaitsThreeDaysAndStillResumesWhereItStopped() {
		harness.start("three-days", pipeline("'timeout': '96h'", true));
		PendingApproval approval = awaitApproval("three-days");

		harness.env.sleep(Duration.ofDays(3));

		assertThat(harness.run("three-days").state().status()).isEqualTo(RunStatus.WAITING_FOR_APPROVAL);
		harness.run("three-days").decide(byEditor(approval.approvalId(), "approve", "after the weekend"));
		RunResult result = harness.result("three-days");

		assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
		assertThat(harness.tools.count("publish")).isEqualTo(1);
		RunView view = harness.run("three-days").state();
		assertThat(Duration.between(node(view, "review").startedAt(), node(view, "review").endedAt()))
			.isGreaterThanOrEqualTo(Duration.ofDays(3));
	}

	@Test
	void secondDecisionIsRefusedAsAlreadyDecided() {
		harness.agent("slow", "{'sleep': 3600}");
		harness.start("twice", """
				{'nodes': [
				  {'id': 'review', 'type': 'human_review', 'show': 'x', 'assignees': ['bob']},
				  {'id': 'after', 'type': 'agent', 'agent': {'name': 'slow', 'version': 1}, 'prompt': 'x'}
				 ],
				 'edges': [{'from': 'review', 'to': 'after'}]}
				""");
		PendingApproval approval = awaitApproval("twice");
		harness.run("twice").decide(decision(approval.approvalId(), "approve", "bob", null));

		assertThatThrownBy(() -> harness.run("twice").decide(decision(approval.approvalId(), "reject", "bob", null)))
			.isInstanceOf(WorkflowUpdateException.class)
			.satisfies(e -> assertThat(rejection(e)).isEqualTo(DecisionRejection.ALREADY_DECIDED));
	}

	@Test
	void callerWhoIsNotAnAssigneeIsForbidden() {
		harness.start("forbidden", pipeline("'timeout': '72h'", true));
		PendingApproval approval = awaitApproval("forbidden");

		assertThatThrownBy(() -> harness.run("forbidden")
			.decide(new DecisionRequest(approval.approvalId(), "approve", null, null, "mallory", List.of("sales"),
					false)))
			.satisfies(e -> assertThat(rejection(e)).isEqualTo(DecisionRejection.FORBIDDEN));
		assertThat(harness.run("forbidden").state().pendingApprovals()).hasSize(1);

		harness.run("forbidden")
			.decide(new DecisionRequest(approval.approvalId(), "approve", null, null, "root", List.of(), true));
		assertThat(harness.result("forbidden").status()).isEqualTo(RunStatus.COMPLETED);
	}

	@Test
	void malformedDecisionsAreRefusedBeforeTheyReachHistory() {
		harness.start("malformed", pipeline("'timeout': '72h'", true));
		PendingApproval approval = awaitApproval("malformed");

		assertThatThrownBy(() -> harness.run("malformed").decide(byEditor("malformed:review:9", "approve", null)))
			.satisfies(e -> assertThat(rejection(e)).isEqualTo(DecisionRejection.NOT_FOUND));
		assertThatThrownBy(() -> harness.run("malformed").decide(byEditor(approval.approvalId(), "edit", null)))
			.satisfies(e -> assertThat(rejection(e)).isEqualTo(DecisionRejection.INVALID));
		assertThatThrownBy(() -> harness.run("malformed")
			.decide(EngineHarness.edit(approval.approvalId(), "bob", json("'new'"))))
			.satisfies(e -> assertThat(rejection(e)).isEqualTo(DecisionRejection.INVALID));
		assertThatThrownBy(() -> harness.run("malformed").decide(byEditor(approval.approvalId(), "maybe", null)))
			.satisfies(e -> assertThat(rejection(e)).isEqualTo(DecisionRejection.INVALID));

		assertThat(acceptedUpdates("malformed")).isZero();
	}

	@Test
	void concurrentDecisionsOnOneItemHaveExactlyOneWinner() throws Exception {
		harness.start("race", pipeline("'timeout': '72h'", true));
		PendingApproval approval = awaitApproval("race");
		ExecutorService pool = Executors.newFixedThreadPool(4);
		List<Future<DecisionRecord>> attempts = new ArrayList<>();
		for (String verb : List.of("approve", "reject", "approve", "reject")) {
			attempts.add(pool.submit(() -> harness.run("race").decide(byEditor(approval.approvalId(), verb, verb))));
		}
		int winners = 0;
		for (Future<DecisionRecord> attempt : attempts) {
			try {
				attempt.get();
				winners++;
			}
			catch (java.util.concurrent.ExecutionException e) {
				assertThat(rejection(e.getCause())).isEqualTo(DecisionRejection.ALREADY_DECIDED);
			}
		}
		pool.shutdown();

		assertThat(winners).isEqualTo(1);
		harness.result("race");
		assertThat(harness.approvals.closed).hasSize(1);
	}

	@Test
	void editWithAJsonNullOutputIsRefusedBeforeItReachesHistory() {
		harness.start("null-edit", pipeline("'allowEdit': true", true));
		PendingApproval approval = awaitApproval("null-edit");

		assertThatThrownBy(() -> harness.run("null-edit")
			.decide(EngineHarness.edit(approval.approvalId(), "bob", NullNode.getInstance())))
			.isInstanceOf(WorkflowUpdateException.class)
			.satisfies(e -> assertThat(rejection(e)).isEqualTo(DecisionRejection.INVALID));

		assertThat(acceptedUpdates("null-edit")).isZero();
		assertThat(harness.run("null-edit").state().pendingApprovals()).hasSize(1);
	}

	@Test
	void nextNodeStartsWhileTheInboxIsStillRecordingTheDecision() {
		harness.approvals.closeHeld = new CountDownLatch(1);
		harness.start("close-later", pipeline("'timeout': '72h'", true));
		PendingApproval approval = awaitApproval("close-later");

		harness.run("close-later").decide(byEditor(approval.approvalId(), "approve", null));

		RunView view = harness.awaitState("close-later", v -> node(v, "publish").status() == NodeStatus.COMPLETED);
		assertThat(harness.approvals.closed).isEmpty();
		assertThat(view.status()).as("the run ends only once the item is closed").isEqualTo(RunStatus.RUNNING);
		harness.approvals.closeHeld.countDown();
		assertThat(harness.result("close-later").status()).isEqualTo(RunStatus.COMPLETED);
		assertThat(harness.approvals.closed).extracting(DecisionRecord::status).containsExactly("APPROVED");
	}

	@Test
	void inboxRefusingTheDecisionForGoodFailsTheRun() {
		harness.approvals.closeRefusal = ApplicationFailure.newNonRetryableFailure("no such item",
				FailureTypes.NON_RETRYABLE);
		harness.start("close-refused", pipeline("'timeout': '72h'", true));
		PendingApproval approval = awaitApproval("close-refused");

		harness.run("close-refused").decide(byEditor(approval.approvalId(), "approve", null));

		assertThatThrownBy(() -> harness.result("close-refused")).isInstanceOf(WorkflowFailedException.class)
			.cause()
			.isInstanceOfSatisfying(ApplicationFailure.class, f -> {
				assertThat(f.getType()).isEqualTo(FailureTypes.NON_RETRYABLE);
				assertThat(f.getOriginalMessage()).contains(approval.approvalId()).contains("no such item");
			});
	}

	@Test
	void cancellingAWaitingRunClosesItsOpenApproval() {
		harness.start("cancel-gate", pipeline("'timeout': '72h'", true));
		awaitApproval("cancel-gate");

		harness.untyped("cancel-gate").cancel();

		assertThatThrownBy(() -> harness.result("cancel-gate")).isInstanceOf(WorkflowFailedException.class);
		assertThat(harness.approvals.closed).extracting(DecisionRecord::status).containsExactly("CANCELLED");
		RunView view = harness.run("cancel-gate").state();
		assertThat(node(view, "review").status()).isEqualTo(NodeStatus.CANCELLED);
		assertThat(view.pendingApprovals()).isEmpty();
	}

	private long acceptedUpdates(String runId) {
		return harness.client.fetchHistory(EngineHarness.workflowId(runId))
			.getEvents()
			.stream()
			.filter(e -> e.hasWorkflowExecutionUpdateAcceptedEventAttributes())
			.count();
	}

	/** The reason the gateway would read from the update failure. */
	private static DecisionRejection rejection(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof ApplicationFailure app) {
				return DecisionRejection.of(app.getOriginalMessage()).orElseThrow();
			}
		}
		throw new AssertionError("No application failure in " + failure);
	}

}
