package dev.trellis.workflows.engine;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

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
		Refusal refusal = stateRefusal(request);
		if (refusal == null) {
			refusal = shapeRefusal(entries.get(request.approvalId()).approval(), request);
		}
		if (refusal != null) {
			throw refusal.reason().exception(refusal.detail());
		}
	}

	/**
	 * Applies a validated decision. Checks the approval's state again because two updates accepted in
	 * the same workflow task pass their validators before either handler runs; the second one is
	 * refused here with a non-retryable {@code ApplicationFailure}, which fails that update only. The
	 * shape of the request cannot change after the validator, so it is not checked again, and a
	 * replayed history keeps every decision its validator once accepted.
	 */
	DecisionRecord decide(DecisionRequest request, Instant now) {
		Refusal refusal = stateRefusal(request);
		if (refusal != null) {
			throw refusal.reason().failure(refusal.detail());
		}
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

	/** Why the approval cannot take a decision from this caller now, or null. */
	private Refusal stateRefusal(DecisionRequest request) {
		String approvalId = request == null ? null : request.approvalId();
		Entry entry = approvalId == null ? null : entries.get(approvalId);
		if (entry == null) {
			return new Refusal(DecisionRejection.NOT_FOUND, "No approval '" + approvalId + "' in this run");
		}
		if (entry.isDecided()) {
			DecisionRecord d = entry.decision();
			return new Refusal(DecisionRejection.ALREADY_DECIDED, "Approval '" + d.approvalId()
					+ "' was already decided: " + d.status() + " by " + d.decidedBy() + " at " + d.decidedAt());
		}
		if (!mayDecide(entry.approval().assignees(), request)) {
			return new Refusal(DecisionRejection.FORBIDDEN, "User '" + request.caller()
					+ "' is not an assignee of approval '" + approvalId + "' (assignees: "
					+ entry.approval().assignees() + ")");
		}
		return null;
	}

	/** What is wrong with the decision itself, or null. */
	private static Refusal shapeRefusal(PendingApproval approval, DecisionRequest request) {
		String verb = request.decision();
		if (verb == null || !VERBS.contains(verb)) {
			return new Refusal(DecisionRejection.INVALID, "Decision must be approve, reject or edit, not '" + verb + "'");
		}
		if (verb.equals("edit") && !approval.allowEdit()) {
			return new Refusal(DecisionRejection.INVALID,
					"Approval '" + request.approvalId() + "' does not allow edits");
		}
		// A JSON null arrives as a NullNode, not as a missing output: both mean nothing was edited.
		JsonNode output = request.output();
		if (verb.equals("edit") && (output == null || output.isMissingNode() || output.isNull())) {
			return new Refusal(DecisionRejection.INVALID, "An edit needs the edited output (got "
					+ (output == null || output.isMissingNode() ? "none" : "null") + ")");
		}
		return null;
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

	/** A refused decision: the reason the gateway maps to a status, and the sentence for the caller. */
	private record Refusal(DecisionRejection reason, String detail) {
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
