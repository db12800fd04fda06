package dev.trellis.approvals;

import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.trellis.testsupport.TestPostgres;
import dev.trellis.workflows.api.PendingApproval;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** A fresh PostgreSQL database with the inbox migrations applied, and the store on top of it. */
final class InboxDatabase {

	final DataSource dataSource;

	final JdbcTemplate jdbc;

	final ApprovalStore store;

	final ApprovalInbox inbox;

	private InboxDatabase(DataSource dataSource) {
		this.dataSource = dataSource;
		this.jdbc = new JdbcTemplate(dataSource);
		this.store = new ApprovalStore(jdbc, new DataSourceTransactionManager(dataSource), new ObjectMapper());
		this.inbox = new ApprovalInbox(store);
	}

	static InboxDatabase fresh() {
		TestPostgres.Database db = TestPostgres.freshDatabase();
		DataSource ds = new SimpleDriverDataSource(new org.postgresql.Driver(), db.jdbcUrl(), db.username(),
				db.password());
		Flyway.configure().dataSource(ds).locations("classpath:db/migration/approvals").load().migrate();
		return new InboxDatabase(ds);
	}

	/** A pending approval of run {@code runId}, node {@code review}, created at {@code createdAt}. */
	static PendingApproval approval(String approvalId, List<String> assignees, Instant createdAt) {
		return new PendingApproval(approvalId, approvalId.substring(0, approvalId.indexOf(':')), "review",
				"node_output", "Approve the article",
				JsonNodeFactory.instance.objectNode().put("text", "Draft of " + approvalId), "sha256:" + approvalId,
				assignees, createdAt, createdAt.plusSeconds(3600), true);
	}

	int historyLines(String approvalId, String action) {
		return jdbc.queryForObject("SELECT count(*) FROM approvals_history WHERE approval_id = ? AND action = ?",
				Integer.class, approvalId, action);
	}

	int items() {
		return jdbc.queryForObject("SELECT count(*) FROM approvals_items", Integer.class);
	}

}
