package dev.trellis.workflows.engine;

import static dev.trellis.workflows.engine.EngineHarness.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;

import dev.trellis.workflows.api.DecisionRecord;
import dev.trellis.workflows.api.DecisionRejection;
import dev.trellis.workflows.api.DecisionRequest;
import dev.trellis.workflows.api.FailureTypes;
import dev.trellis.workflows.api.PendingApproval;
import io.temporal.failure.ApplicationFailure;

/** The {@code decide} validator's rules, without Temporal. */
class ApprovalBookTest {

	private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

	private final ApprovalBook book = new ApprovalBook();

	private final PendingApproval approval = open(false);

	@Test
	void approvalIdsCountPerNodeSoTheyAreStableOnReplay() {
		assertThat(book.nextId("run", "review")).isEqualTo("run:review:2");
		assertThat(book.nextId("run", "other")).isEqualTo("run:other:1");
	}

	@Test
	void assigneesByNameByGroupAndAdminsMayDecide() {
		book.validate(request("approve", null, "bob", List.of(), false));
		book.validate(request("approve", null, "ana", List.of("editors"), false));
		book.validate(request("approve", null, "root", List.of(), true));
	}

	@Test
	void everyoneElseIsForbidden() {
		assertRejected(request("approve", null, "eve", List.of("sales"), false), DecisionRejection.FORBIDDEN);
		assertRejected(request("approve", null, null, null, false), DecisionRejection.FORBIDDEN);
	}

	@Test
	void unknownApprovalIsNotFound() {
		assertRejected(new DecisionRequest("run:review:7", "approve", null, null, "bob", List.of(), false),
				DecisionRejection.NOT_FOUND);
		assertRejected(null, DecisionRejection.NOT_FOUND);
	}

	@Test
	void editNeedsOutputAndPermission() {
		assertRejected(request("edit", json("'new'"), "bob", List.of(), false), DecisionRejection.INVALID);
		PendingApproval editable = open(true);
		assertRejected(new DecisionRequest(editable.approvalId(), "edit", null, null, "bob", List.of(), false),
				DecisionRejection.INVALID);
		DecisionRecord edited = book.decide(
				new DecisionRequest(editable.approvalId(), "edit", json("'new'"), "fixed", "bob", List.of(), false), NOW);
		assertThat(edited.status()).isEqualTo(DecisionRecord.EDITED);
		assertThat(edited.output().asText()).isEqualTo("new");
	}

	@Test
	void editWithAJsonNullOutputIsInvalidLikeOneWithout() {
		PendingApproval editable = open(true);

		assertThatThrownBy(() -> book.validate(new DecisionRequest(editable.approvalId(), "edit", NullNode.getInstance(),
				null, "bob", List.of(), false))).isInstanceOf(IllegalArgumentException.class)
			.hasMessage(DecisionRejection.INVALID.prefix() + "An edit needs the edited output (got null)");
		assertThatThrownBy(() -> book.validate(new DecisionRequest(editable.approvalId(), "edit",
				MissingNode.getInstance(), null, "bob", List.of(), false)))
			.hasMessage(DecisionRejection.INVALID.prefix() + "An edit needs the edited output (got none)");
		book.validate(new DecisionRequest(editable.approvalId(), "edit", json("{}"), null, "bob", List.of(), false));
	}

	@Test
	void unknownVerbIsInvalid() {
		assertRejected(request("postpone", null, "bob", List.of(), false), DecisionRejection.INVALID);
	}

	@Test
	void secondDecisionConflictsEvenIfItPassedValidationFirst() {
		DecisionRequest first = request("approve", null, "bob", List.of(), false);
		DecisionRequest second = request("reject", null, "ana", List.of("editors"), false);
		book.validate(first);
		book.validate(second);

		DecisionRecord recorded = book.decide(first, NOW);

		assertThat(recorded).isEqualTo(new DecisionRecord(approval.approvalId(), "APPROVED", "bob", NOW, null, null));
		// Anything but an ApplicationFailure thrown from an update handler would fail the workflow task.
		assertThatThrownBy(() -> book.decide(second, NOW)).isInstanceOfSatisfying(ApplicationFailure.class, f -> {
			assertThat(f.isNonRetryable()).isTrue();
			assertThat(f.getType()).isEqualTo(FailureTypes.DECISION_REJECTED);
			assertThat(f.getOriginalMessage()).startsWith(DecisionRejection.ALREADY_DECIDED.prefix())
				.contains("APPROVED by bob");
		});
		assertThat(book.pending()).extracting(PendingApproval::approvalId).doesNotContain(approval.approvalId());
	}

	@Test
	void timeoutDoesNotOverrideAReviewersDecision() {
		ApprovalBook.Entry entry = book.entry(approval.approvalId());
		book.decide(request("approve", null, "bob", List.of(), false), NOW);

		DecisionRecord kept = entry.decideBySystem(DecisionRecord.REJECTED, DecisionRecord.BY_TIMEOUT, NOW, "late");

		assertThat(kept.status()).isEqualTo(DecisionRecord.APPROVED);
	}

	private PendingApproval open(boolean allowEdit) {
		PendingApproval pending = new PendingApproval(book.nextId("run", "review"), "run", "review", "node_output",
				"Check", json("'draft'"), "sha256:x", List.of("bob", "group:editors"), NOW, null, allowEdit);
		book.open(pending);
		return pending;
	}

	private DecisionRequest request(String verb, com.fasterxml.jackson.databind.JsonNode output, String caller,
			List<String> groups, boolean admin) {
		return new DecisionRequest(approval.approvalId(), verb, output, null, caller, groups, admin);
	}

	private void assertRejected(DecisionRequest request, DecisionRejection reason) {
		assertThatThrownBy(() -> book.validate(request)).isInstanceOf(RuntimeException.class)
			.satisfies(e -> assertThat(DecisionRejection.of(e.getMessage())).contains(reason));
	}

}
