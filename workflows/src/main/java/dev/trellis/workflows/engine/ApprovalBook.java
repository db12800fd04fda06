package dev.trellis.workflows.engine;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.trellis.workflows.api.DecisionRecord;
import dev.trellis.workflows.api.DecisionRejection;
import dev.trellis.workflows.api.DecisionRequest;
import dev.trellis.workflows.api.PendingApproval;

/**
 * Every approval the run has opened, decided or not, so that the {@code decide} validator can tell an
 * unknown id (404) from a decided one (409). Only workflow threads touch it; Temporal runs them one
 * at a time, so plain collections are safe.
 */
final class ApprovalBook {

	private static final Set<String> VERBS = Set.of("approve", "reject", "edit");

	private final Map<String, Entry> entries = new LinkedHashMap<>();

	private final Map<String, Integer> counters = new HashMap<>();

	/** {@code <runId>:<nodeId>:<n>}, n counting the approvals of that node from 1: stable on replay. */
	String nextId(String runId, String nodeId) {
		int n = counters.merge(nodeId, 1, Integer::sum);
		return runId + ":" + nodeId + ":" + n;
	}

	Entry open(PendingApproval approval) {
		Entry entry = new Entry(approval);
		entries.put(approval.approvalId(), entry);
		return entry;
	}

	/** The approval with that id, or null. */
	Entry entry(String approvalId) {
		return entries.get(approvalId);
	}

	/** Approvals nobody has decided yet, oldest first. */
	List<PendingApproval> pending() {
		return entries.values().stream().filter(e -> !e.isDecided()).map(Entry::approval).toList();
	}

	List<Entry> undecided() {
		return entries.values().stream().filter(e -> !e.isDecided()).toList();
	}

	boolean isWaiting(String nodeId) {
		return entries.values().stream().anyMatch(e -> !e.isDecided() && e.approval().nodeId().equals(nodeId));
	}

	/**
	 * Refuses a decision that must not reach history; the message starts with the reason's prefix so
	 * the gateway can answer 404, 409, 403 or 400.
	 */
	void validate(DecisionRequest request) {
		String approvalId = request == null ? null : request.approvalId();
		Entry entry = approvalId == null ? null : entries.get(approvalId);
		if (entry == null) {
			throw DecisionRejection.NOT_FOUND.exception("No approval '" + approvalId + "' in this run");
		}
		if (entry.isDecided()) {
			DecisionRecord d = entry.decision();
			throw DecisionRejection.ALREADY_DECIDED.exception("Approval '" + d.approvalId() + "' was already decided: "
					+ d.status() + " by " + d.decidedBy() + " at " + d.decidedAt());
		}
		if (!mayDecide(entry.approval().assignees(), request)) {
			throw DecisionRejection.FORBIDDEN.exception("User '" + request.caller() + "' is not an assignee of approval '"
					+ approvalId + "' (assignees: " + entry.approval().assignees() + ")");
		}
		String verb = request.decision();
		if (verb == null || !VERBS.contains(verb)) {
			throw DecisionRejection.INVALID.exception("Decision must be approve, reject or edit, not '" + verb + "'");
		}
		if (verb.equals("edit") && !entry.approval().allowEdit()) {
			throw DecisionRejection.INVALID.exception("Approval '" + request.approvalId() + "' does not allow edits");
		}
		if (verb.equals("edit") && (request.output() == null || request.output().isMissingNode())) {
			throw DecisionRejection.INVALID.exception("An edit needs the edited output");
		}
	}

	/**
	 * Applies a validated decision. Validates again because two updates accepted in the same workflow
	 * task pass their validators before either handler runs; the second one fails here instead.
	 */
	DecisionRecord decide(DecisionRequest request, Instant now) {
		validate(request);
		String status = switch (request.decision()) {
			case "approve" -> DecisionRecord.APPROVED;
			case "reject" -> DecisionRecord.REJECTED;
			default -> DecisionRecord.EDITED;
		};
		DecisionRecord record = new DecisionRecord(request.approvalId(), status, request.caller(), now,
				request.comment(), status.equals(DecisionRecord.EDITED) ? request.output() : null);
		entries.get(request.approvalId()).decision = record;
		return record;
	}

	private static boolean mayDecide(List<String> assignees, DecisionRequest request) {
		if (request.callerIsAdmin()) {
			return true;
		}
		if (request.caller() != null && assignees.contains(request.caller())) {
			return true;
		}
		List<String> groups = request.callerGroups() == null ? List.of() : request.callerGroups();
		return groups.stream().anyMatch(g -> assignees.contains("group:" + g));
	}

	/** One approval: what was asked and, once decided, the decision. */
	static final class Entry {

		private PendingApproval approval;

		private DecisionRecord decision;

		private Entry(PendingApproval approval) {
			this.approval = approval;
		}

		PendingApproval approval() {
			return approval;
		}

		DecisionRecord decision() {
			return decision;
		}

		boolean isDecided() {
			return decision != null;
		}

		/** Decides without a reviewer (timeout, or the run ending), unless someone was quicker. */
		DecisionRecord decideBySystem(String status, String by, Instant now, String comment) {
			if (decision == null) {
				decision = new DecisionRecord(approval.approvalId(), status, by, now, comment, null);
			}
			return decision;
		}

		/** Hands the item to new assignees with a new due time (escalation). */
		void reassign(List<String> assignees, Instant dueAt) {
			approval = new PendingApproval(approval.approvalId(), approval.runId(), approval.nodeId(), approval.kind(),
					approval.title(), approval.payload(), approval.digest(), List.copyOf(assignees),
					approval.createdAt(), dueAt, approval.allowEdit());
		}

	}

}
