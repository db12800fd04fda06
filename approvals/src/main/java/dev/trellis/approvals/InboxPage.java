package dev.trellis.approvals;

import java.util.List;

/**
 * One page of the inbox, oldest item first.
 *
 * @param nextCursor pass it back for the following page; null on the last page
 */
public record InboxPage(List<ApprovalItem> items, String nextCursor) {

	public InboxPage {
		items = List.copyOf(items);
	}

}
