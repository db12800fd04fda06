package dev.trellis.activities.memory;

import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.workflows.api.AgentCheckpoint;
import org.springframework.jdbc.core.JdbcTemplate;

/** Agent loop checkpoints in PostgreSQL ({@code activities_agent_checkpoints}), one per run that continued as new. */
class CheckpointStore {

	private final JdbcTemplate jdbc;

	private final ObjectMapper json;

	CheckpointStore(JdbcTemplate jdbc, ObjectMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	void save(AgentCheckpoint checkpoint) {
		try {
			jdbc.update("""
					INSERT INTO activities_agent_checkpoints (workflow_id, run_id, checkpoint) VALUES (?, ?, ?::jsonb)
					ON CONFLICT (workflow_id, run_id) DO UPDATE SET checkpoint = EXCLUDED.checkpoint
					""", checkpoint.workflowId(), checkpoint.runId(), json.writeValueAsString(checkpoint));
		}
		catch (JsonProcessingException e) {
			throw new IllegalStateException("checkpoint cannot be written as JSON", e);
		}
	}

	Optional<AgentCheckpoint> load(String workflowId, String runId) {
		return jdbc.query("SELECT checkpoint::text FROM activities_agent_checkpoints WHERE workflow_id = ? AND run_id = ?",
				rs -> {
					if (!rs.next()) {
						return Optional.empty();
					}
					try {
						return Optional.of(json.readValue(rs.getString(1), AgentCheckpoint.class));
					}
					catch (JsonProcessingException e) {
						throw new IllegalStateException("stored checkpoint is not valid JSON", e);
					}
				}, workflowId, runId);
	}

}
