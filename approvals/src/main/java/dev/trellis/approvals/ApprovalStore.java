package dev.trellis.approvals;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.workflows.api.ApprovalContext;
import dev.trellis.workflows.api.DecisionRecord;
import dev.trellis.workflows.api.PendingApproval;
import dev.trellis.workflows.api.PipelineRef;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The inbox tables ({@code approvals_items}, {@code approvals_history}). Writes are package-private
 * on purpose: only {@link ApprovalActivitiesImpl}, on behalf of the run, changes an item, so the run
 * stays the single writer and the gateway can only read (through {@link ApprovalInbox}).
 *
 * <p>Every write is idempotent. An item is keyed by its approval id, a decision lands only on a
 * {@code PENDING} row (under its row lock, so of two concurrent closes exactly one wins), and each
 * history line carries a key that a retry repeats and the unique index refuses the second time.
 */
final class ApprovalStore {

	private static final String COLUMNS = """
			approval_id, run_id, workflow_id, node_id, kind, title, payload, payload_digest, allow_edit, assignees,
			due_at, created_at, status, decided_by, decided_at, comment, edited_output, produced_by, pipeline_name,
			pipeline_version""";

	private static final String INSERT_ITEM = """
			INSERT INTO approvals_items (approval_id, run_id, workflow_id, node_id, kind, title, payload,
			    payload_digest, allow_edit, assignees, due_at, created_at, produced_by, pipeline_name, pipeline_version)
			VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (approval_id) DO NOTHING""";

	private static final String DECIDE = """
			UPDATE approvals_items
			SET status = ?, decided_by = ?, decided_at = ?, comment = ?, edited_output = ?::jsonb
			WHERE approval_id = ? AND status = 'PENDING'
			RETURNING\s""" + COLUMNS;

	private static final String LOCK = "SELECT " + COLUMNS + " FROM approvals_items WHERE approval_id = ? FOR UPDATE";

	private static final String REASSIGN = """
			UPDATE approvals_items SET assignees = ?, due_at = ? WHERE approval_id = ?
			RETURNING\s""" + COLUMNS;

	private static final String INSERT_HISTORY = """
			INSERT INTO approvals_history (approval_id, event_key, action, actor, assignees, data)
			VALUES (?, ?, ?, ?, ?, ?::jsonb)
			ON CONFLICT (approval_id, event_key) DO NOTHING""";

	private static final String FIND = "SELECT " + COLUMNS + " FROM approvals_items WHERE approval_id = ?";

	/** Visible to a reviewer: admins see everything, others items that name one of their principals. */
	private static final String PAGE = """
			SELECT %s FROM approvals_items
			WHERE (?::text IS NULL OR status = ?)
			  AND (? OR assignees && ?::text[])
			  AND (created_at, approval_id) > (?, ?)
			ORDER BY created_at, approval_id
			LIMIT ?""".formatted(COLUMNS);

	private static final String HISTORY = """
			SELECT approval_id, action, actor, assignees, data, recorded_at FROM approvals_history
			WHERE approval_id = ? ORDER BY id""";

	/** Sorts before every real item, so the first page needs no special query. */
	private static final Cursor START = new Cursor(Instant.EPOCH.minusSeconds(1), "");

	private final JdbcTemplate jdbc;

	private final TransactionTemplate tx;

	private final ObjectMapper json;

	private final RowMapper<ApprovalItem> items = (rs, n) -> item(rs);

	ApprovalStore(JdbcTemplate jdbc, PlatformTransactionManager transactions, ObjectMapper json) {
		this.jdbc = jdbc;
		this.tx = new TransactionTemplate(transactions);
		this.json = json;
	}

	/** A change of assignees, with those it replaced (to tell them they are off the hook). */
	record Reassignment(ApprovalItem item, List<String> previousAssignees) {
	}

	/**
	 * Creates the item unless it exists.
	 *
	 * @param context what produced the payload; null when unknown
	 * @return whether this call created it
	 */
	boolean open(PendingApproval approval, ApprovalContext context, String workflowId) {
		return Boolean.TRUE.equals(tx.execute(status -> insertIfAbsent(approval, context, workflowId)));
	}

	/**
	 * Records the decision on a pending item, creating the item first if its {@code open} was lost.
	 *
	 * @return the decided item when this call recorded the decision; empty when the item had been
	 *     decided before (a retried close, or the loser of two concurrent ones)
	 */
	Optional<ApprovalItem> close(PendingApproval approval, DecisionRecord decision, String workflowId) {
		ApprovalStatus status = ApprovalStatus.ofDecision(decision.status());
		if (!status.isDecided()) {
			throw new IllegalArgumentException("A decision cannot leave an item PENDING");
		}
		return tx.execute(t -> {
			insertIfAbsent(approval, null, workflowId);
			List<ApprovalItem> decided = jdbc.query(DECIDE, items, status.name(), decision.decidedBy(),
					timestamp(decision.decidedAt()), decision.comment(), jsonOrNull(decision.output()),
					approval.approvalId());
			if (decided.isEmpty()) {
				return Optional.<ApprovalItem>empty();
			}
			ApprovalItem item = decided.get(0);
			ObjectNode data = json.createObjectNode()
				.put("status", status.name())
				.put("comment", decision.comment())
				.put("digest", item.digest())
				.put("edited", status == ApprovalStatus.EDITED);
			appendHistory(item.approvalId(), "decided", "decided", decision.decidedBy(), null, data);
			return Optional.of(item);
		});
	}

	/**
	 * Hands a pending item to new assignees with the approval's (new) due time.
	 *
	 * @param eventKey identical across retries of one reassignment, e.g. the activity id
	 * @return the change when this call made it; empty for a retry or an item decided meanwhile
	 */
	Optional<Reassignment> reassign(PendingApproval approval, List<String> assignees, String workflowId,
			String eventKey) {
		return tx.execute(t -> {
			ApprovalItem before = lockPending(approval, workflowId).orElse(null);
			if (before == null) {
				return Optional.<Reassignment>empty();
			}
			ObjectNode data = json.createObjectNode().put("dueAt", string(approval.dueAt()));
			before.assignees().forEach(data.putArray("previousAssignees")::add);
			if (!appendHistory(before.approvalId(), eventKey, "reassigned", null, assignees, data)) {
				return Optional.<Reassignment>empty();
			}
			ApprovalItem after = jdbc.queryForObject(REASSIGN, items, assignees.toArray(String[]::new),
					timestamp(approval.dueAt()), approval.approvalId());
			return Optional.of(new Reassignment(after, before.assignees()));
		});
	}

	/**
	 * Notes a reminder in the history of a pending item.
	 *
	 * @param eventKey identical across retries of one reminder, e.g. the activity id
	 * @return the item when this call recorded the reminder; empty for a retry or a decided item
	 */
	Optional<ApprovalItem> remind(PendingApproval approval, String workflowId, String eventKey) {
		return tx.execute(t -> {
			ApprovalItem item = lockPending(approval, workflowId).orElse(null);
			if (item == null) {
				return Optional.<ApprovalItem>empty();
			}
			ObjectNode data = json.createObjectNode().put("dueAt", string(item.dueAt()));
			boolean recorded = appendHistory(item.approvalId(), eventKey, "reminded", null, item.assignees(), data);
			return recorded ? Optional.of(item) : Optional.<ApprovalItem>empty();
		});
	}

	Optional<ApprovalItem> find(String approvalId) {
		return jdbc.query(FIND, items, approvalId).stream().findFirst();
	}

	/**
	 * A page of the items a reviewer may decide, oldest first.
	 *
	 * @param status only items in this status; null for all
	 * @param cursor {@link InboxPage#nextCursor()} of the previous page, or null for the first
	 * @throws IllegalArgumentException for a cursor this store did not hand out
	 */
	InboxPage page(Reviewer reviewer, ApprovalStatus status, int limit, String cursor) {
		Cursor after = cursor == null || cursor.isBlank() ? START : Cursor.decode(cursor);
		String statusName = status == null ? null : status.name();
		List<ApprovalItem> rows = jdbc.query(PAGE, items, statusName, statusName, reviewer.admin(),
				reviewer.principals().toArray(String[]::new), timestamp(after.createdAt()), after.approvalId(),
				limit + 1);
		if (rows.size() <= limit) {
			return new InboxPage(rows, null);
		}
		List<ApprovalItem> page = rows.subList(0, limit);
		ApprovalItem last = page.get(limit - 1);
		return new InboxPage(page, new Cursor(last.createdAt(), last.approvalId()).encode());
	}

	List<HistoryEntry> history(String approvalId) {
		return jdbc.query(HISTORY, (rs, n) -> new HistoryEntry(rs.getString("approval_id"), rs.getString("action"),
				rs.getString("actor"), strings(rs.getArray("assignees")), readJson(rs.getString("data")),
				instant(rs, "recorded_at")), approvalId);
	}

	/** Inserts the item and its {@code opened} line when absent; must run inside a transaction. */
	private boolean insertIfAbsent(PendingApproval approval, ApprovalContext context, String workflowId) {
		PipelineRef pipeline = context == null ? null : context.pipeline();
		List<String> producedBy = context == null || context.producedBy() == null ? List.of() : context.producedBy();
		int inserted = jdbc.update(INSERT_ITEM, approval.approvalId(), approval.runId(), workflowId,
				approval.nodeId(), approval.kind(), approval.title() == null ? approval.nodeId() : approval.title(),
				writeJson(approval.payload()), approval.digest(), approval.allowEdit(),
				approval.assignees().toArray(String[]::new), timestamp(approval.dueAt()),
				timestamp(approval.createdAt()), producedBy.toArray(String[]::new),
				pipeline == null ? null : pipeline.name(), pipeline == null ? null : pipeline.version());
		if (inserted == 0) {
			return false;
		}
		ObjectNode data = json.createObjectNode()
			.put("digest", approval.digest())
			.put("dueAt", string(approval.dueAt()))
			.put("workflowId", workflowId);
		appendHistory(approval.approvalId(), "opened", "opened", null, approval.assignees(), data);
		return true;
	}

	/** The pending item under its row lock (created if absent), or empty when it is decided. */
	private Optional<ApprovalItem> lockPending(PendingApproval approval, String workflowId) {
		insertIfAbsent(approval, null, workflowId);
		ApprovalItem item = jdbc.queryForObject(LOCK, items, approval.approvalId());
		return item.status().isDecided() ? Optional.empty() : Optional.of(item);
	}

	private boolean appendHistory(String approvalId, String eventKey, String action, String actor, List<String> assignees,
			JsonNode data) {
		return jdbc.update(INSERT_HISTORY, approvalId, eventKey, action, actor,
				assignees == null ? null : assignees.toArray(String[]::new), writeJson(data)) == 1;
	}

	private ApprovalItem item(ResultSet rs) throws SQLException {
		String pipelineName = rs.getString("pipeline_name");
		PipelineRef pipeline = pipelineName == null ? null : new PipelineRef(pipelineName, rs.getInt("pipeline_version"));
		String edited = rs.getString("edited_output");
		return new ApprovalItem(rs.getString("approval_id"), rs.getString("run_id"), rs.getString("workflow_id"),
				rs.getString("node_id"), rs.getString("kind"), rs.getString("title"), readJson(rs.getString("payload")),
				rs.getString("payload_digest"), rs.getBoolean("allow_edit"), strings(rs.getArray("assignees")),
				instant(rs, "due_at"), instant(rs, "created_at"), ApprovalStatus.valueOf(rs.getString("status")),
				rs.getString("decided_by"), instant(rs, "decided_at"), rs.getString("comment"),
				edited == null ? null : readJson(edited), strings(rs.getArray("produced_by")), pipeline);
	}

	private JsonNode readJson(String text) {
		try {
			return json.readTree(text);
		}
		catch (JsonProcessingException e) {
			throw new IllegalStateException("PostgreSQL returned invalid jsonb", e);
		}
	}

	private String writeJson(JsonNode node) {
		try {
			return json.writeValueAsString(node == null ? json.nullNode() : node);
		}
		catch (JsonProcessingException e) {
			throw new IllegalArgumentException("Cannot serialise JSON", e);
		}
	}

	/** SQL NULL for a missing output, so an edit's output and "no output" stay distinguishable. */
	private String jsonOrNull(JsonNode node) {
		return node == null || node.isMissingNode() ? null : writeJson(node);
	}

	private static List<String> strings(Array array) throws SQLException {
		if (array == null) {
			return null;
		}
		List<String> values = new ArrayList<>();
		for (Object o : (Object[]) array.getArray()) {
			values.add((String) o);
		}
		return values;
	}

	private static OffsetDateTime timestamp(Instant instant) {
		return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return value == null ? null : value.toInstant();
	}

	private static String string(Instant instant) {
		return instant == null ? null : instant.toString();
	}

	/** Keyset position: the last item of a page. Opaque to clients (base64url). */
	private record Cursor(Instant createdAt, String approvalId) {

		String encode() {
			byte[] raw = (createdAt + "\n" + approvalId).getBytes(StandardCharsets.UTF_8);
			return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
		}

		static Cursor decode(String cursor) {
			try {
				String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
				int split = raw.indexOf('\n');
				if (split < 0) {
					throw new IllegalArgumentException("Invalid cursor");
				}
				return new Cursor(Instant.parse(raw.substring(0, split)), raw.substring(split + 1));
			}
			catch (DateTimeParseException e) {
				throw new IllegalArgumentException("Invalid cursor", e);
			}
		}

	}

}
