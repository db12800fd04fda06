package dev.trellis.gateway.runs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** JDBC access to {@code gateway_runs}. */
@Repository
class RunRepository {

	private final JdbcClient jdbc;

	RunRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Inserts the row unless the run id exists already (an idempotent retry); true when inserted. */
	boolean insert(RunRecord run) {
		return jdbc.sql("""
				INSERT INTO gateway_runs (run_id, workflow_id, pipeline, pipeline_version, started_by, idempotency_key,
				                          rerun_of, rerun_from_node)
				VALUES (:runId, :workflowId, :pipeline, :version, :startedBy, :key, :rerunOf, :fromNode)
				ON CONFLICT DO NOTHING""")
			.param("runId", run.runId())
			.param("workflowId", run.workflowId())
			.param("pipeline", run.pipeline())
			.param("version", run.pipelineVersion())
			.param("startedBy", run.startedBy())
			.param("key", run.idempotencyKey())
			.param("rerunOf", run.rerunOf())
			.param("fromNode", run.rerunFromNode())
			.update() == 1;
	}

	Optional<RunRecord> find(String runId) {
		return jdbc.sql("SELECT * FROM gateway_runs WHERE run_id = :id").param("id", runId).query(this::map).optional();
	}

	private RunRecord map(ResultSet rs, int row) throws SQLException {
		Timestamp created = rs.getTimestamp("created_at");
		return new RunRecord(rs.getString("run_id"), rs.getString("workflow_id"), rs.getString("pipeline"),
				rs.getInt("pipeline_version"), rs.getString("started_by"), rs.getString("idempotency_key"),
				rs.getString("rerun_of"), rs.getString("rerun_from_node"), created.toInstant());
	}

}
