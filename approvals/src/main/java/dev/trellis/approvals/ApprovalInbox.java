package dev.trellis.approvals;

import java.util.List;
import java.util.Optional;

/**
 * The reviewer's view of the inbox: read-only, so the gateway can answer without touching a run's
 * history. Items change only through the run's approval activities.
 *
 * <pre>{@code
 * Reviewer ana = new Reviewer("ana", Set.of("editors"), false);
 * InboxPage page = inbox.page(ana, ApprovalStatus.PENDING, 50, null);
 * Optional<ApprovalItem> item = inbox.find(approvalId).filter(i -> ana.mayDecide(i.assignees()));
 * }</pre>
 */
public class ApprovalInbox {

	/** The largest page a caller may ask for. */
	public static final int MAX_PAGE = 500;

	private final ApprovalStore store;

	ApprovalInbox(ApprovalStore store) {
		this.store = store;
	}

	/** The item with that id, whoever may see it; check {@link Reviewer#mayDecide} before showing it. */
	public Optional<ApprovalItem> find(String approvalId) {
		return store.find(approvalId);
	}

	/**
	 * The items the reviewer may decide, oldest first.
	 *
	 * @param status only items in this status; null for every status
	 * @param limit page size, 1 to {@value #MAX_PAGE}
	 * @param cursor the previous page's {@link InboxPage#nextCursor()}, or null for the first page
	 * @throws IllegalArgumentException for a limit out of range or a cursor this inbox did not hand out
	 */
	public InboxPage page(Reviewer reviewer, ApprovalStatus status, int limit, String cursor) {
		if (limit < 1 || limit > MAX_PAGE) {
			throw new IllegalArgumentException("limit must be between 1 and " + MAX_PAGE);
		}
		return store.page(reviewer, status, limit, cursor);
	}

	/** The item's audit trail, oldest first. */
	public List<HistoryEntry> history(String approvalId) {
		return store.history(approvalId);
	}

}
