package dev.trellis.approvals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.trellis.workflows.api.DecisionRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Who sees which item, against real PostgreSQL. */
class ApprovalInboxIT {

	private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

	private static final Reviewer ANA = new Reviewer("ana", Set.of("editors"), false);

	private static final Reviewer BOB = new Reviewer("bob", Set.of("legal"), false);

	private static final Reviewer CARLA = new Reviewer("carla", Set.of(), false);

	private static final Reviewer ROOT = new Reviewer("root", Set.of(), true);

	private static InboxDatabase db;

	@BeforeAll
	static void inbox() {
		db = InboxDatabase.fresh();
		open("r1:review:1", List.of("group:editors"), 0);
		open("r2:review:1", List.of("carla"), 1);
		open("r3:review:1", List.of("group:legal", "ana"), 2);
		open("r4:review:1", List.of(), 3);
		open("r5:review:1", List.of("group:editors"), 4);
		db.store.close(InboxDatabase.approval("r5:review:1", List.of("group:editors"), T0.plusSeconds(4)),
				new DecisionRecord("r5:review:1", DecisionRecord.APPROVED, "ana", T0.plusSeconds(60), null, null),
				"run-p-r5");
	}

	private static void open(String id, List<String> assignees, int second) {
		db.store.open(InboxDatabase.approval(id, assignees, T0.plusSeconds(second)), null, "run-p-" + id.split(":")[0]);
	}

	private static List<String> ids(Reviewer reviewer, ApprovalStatus status) {
		return db.inbox.page(reviewer, status, 100, null).items().stream().map(ApprovalItem::approvalId).toList();
	}

	@Test
	void groupMemberSeesItemsAssignedToTheGroupAndToThemByName() {
		assertThat(ids(ANA, ApprovalStatus.PENDING)).containsExactly("r1:review:1", "r3:review:1");
	}

	@Test
	void userSeesItemsAssignedToThemByName() {
		assertThat(ids(CARLA, ApprovalStatus.PENDING)).containsExactly("r2:review:1");
	}

	@Test
	void memberOfAnotherGroupSeesOnlyThatGroupsItems() {
		assertThat(ids(BOB, ApprovalStatus.PENDING)).containsExactly("r3:review:1");
		assertThat(BOB.mayDecide(db.inbox.find("r1:review:1").orElseThrow().assignees())).isFalse();
	}

	@Test
	void adminSeesEveryItemIncludingThoseWithoutAssignees() {
		assertThat(ids(ROOT, ApprovalStatus.PENDING)).containsExactly("r1:review:1", "r2:review:1", "r3:review:1",
				"r4:review:1");
	}

	@Test
	void itemWithoutAssigneesIsForAdminsOnly() {
		assertThat(List.of(ANA, BOB, CARLA)).noneMatch(r -> ids(r, null).contains("r4:review:1"));
	}

	@Test
	void statusFilterSeparatesPendingFromDecidedItems() {
		assertThat(ids(ANA, ApprovalStatus.APPROVED)).containsExactly("r5:review:1");
		assertThat(ids(ANA, null)).containsExactly("r1:review:1", "r3:review:1", "r5:review:1");
		ApprovalItem decided = db.inbox.find("r5:review:1").orElseThrow();
		assertThat(decided.decidedBy()).isEqualTo("ana");
		assertThat(decided.decidedAt()).isEqualTo(T0.plusSeconds(60));
	}

	@Test
	void unknownItemIsAbsent() {
		assertThat(db.inbox.find("r9:review:1")).isEmpty();
	}

	@Test
	void pagesWalkEveryItemOldestFirstWithoutDuplicates() {
		List<String> seen = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			InboxPage page = db.inbox.page(ROOT, null, 2, cursor);
			page.items().forEach(i -> seen.add(i.approvalId()));
			cursor = page.nextCursor();
			pages++;
		}
		while (cursor != null);
		assertThat(seen).containsExactly("r1:review:1", "r2:review:1", "r3:review:1", "r4:review:1", "r5:review:1");
		assertThat(pages).isEqualTo(3);
	}

	@Test
	void cursorOrLimitThatTheInboxDidNotHandOutIsRejected() {
		assertThatThrownBy(() -> db.inbox.page(ROOT, null, 10, "not-a-cursor"))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> db.inbox.page(ROOT, null, 0, null)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> db.inbox.page(ROOT, null, ApprovalInbox.MAX_PAGE + 1, null))
			.isInstanceOf(IllegalArgumentException.class);
	}

}
