package dev.trellis.approvals;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Someone who looks at the inbox. They may see and decide an item when they are named among its
 * assignees, belong to an assigned {@code group:<name>}, or are an admin.
 *
 * <pre>{@code
 * Reviewer ana = new Reviewer("ana", Set.of("editors"), false);
 * boolean mine = ana.mayDecide(item.assignees());
 * }</pre>
 */
public record Reviewer(String username, Set<String> groups, boolean admin) {

	/** How assignee lists name a group. */
	public static final String GROUP_PREFIX = "group:";

	public Reviewer {
		groups = groups == null ? Set.of() : Set.copyOf(groups);
	}

	/** Every assignee entry that designates this reviewer: the username and each {@code group:<name>}. */
	public List<String> principals() {
		List<String> principals = new ArrayList<>(groups.size() + 1);
		principals.add(username);
		groups.stream().sorted().map(g -> GROUP_PREFIX + g).forEach(principals::add);
		return principals;
	}

	public boolean mayDecide(List<String> assignees) {
		return admin || principals().stream().anyMatch(assignees::contains);
	}

}
