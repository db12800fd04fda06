package dev.trellis.gateway.runs;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The audit trail of run control in {@code gateway_run_actions}: append and read, never change. */
@Repository
class RunActionLog {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final JdbcClient jdbc;

	RunActionLog(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void append(String runId, String action, String by, JsonNode details) {
		jdbc.sql("""
				INSERT INTO gateway_run_actions (run_id, action, actor, details)
				VALUES (:runId, :action, :actor, CAST(:details AS jsonb))""")
			.param("runId", runId)
			.param("action", action)
			.param("actor", by)
			.param("details", details == null ? "{}" : details.toString())
			.update();
	}

	/** The actions on one run, oldest first. */
	List<RunAction> of(String runId) {
		return jdbc.sql("SELECT id, run_id, action, actor, at, details::text AS details FROM gateway_run_actions "
				+ "WHERE run_id = :runId ORDER BY id")
			.param("runId", runId)
			.query((rs, row) -> new RunAction(rs.getLong("id"), rs.getString("run_id"), rs.getString("action"),
					rs.getString("actor"), rs.getTimestamp("at").toInstant(), parse(rs.getString("details"))))
			.list();
	}

	private static JsonNode parse(String text) {
		try {
			return JSON.readTree(text);
		}
		catch (JsonProcessingException e) {
			throw new IllegalStateException("gateway_run_actions holds invalid JSON", e);
		}
	}

}
