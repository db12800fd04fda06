package dev.trellis.trace;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.workflows.api.RunEvent;
import dev.trellis.workflows.api.TokenUsage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The append-only audit log of run events in PostgreSQL ({@code trace_run_events}). It is the
 * authority on what happened and in which order: {@link #append} numbers new events with the next
 * {@code seq} of their run, and every reader (the events API, the WebSocket fan-out filling gaps or
 * replacing a Redis that is down) reads from here.
 *
 * <pre>{@code
 * List<RecordedEvent> recorded = log.append(List.of(new RunEvent(runId, runId + ":1", "run.started", null, 0, now, data)));
 * List<RecordedEvent> page = log.after(runId, 0, 500);   // seq 1..500 in order
 * RunUsage usage = log.usage(runId);
 * }</pre>
 */
public class RunEventLog {

	/**
	 * Takes the run's counter row lock, creating the row on first use. Every append of the run waits
	 * here, which makes numbering and the idempotency check below race-free across processes.
	 */
	private static final String LOCK_COUNTER = """
			INSERT INTO trace_run_counters (run_id) VALUES (?)
			ON CONFLICT (run_id) DO UPDATE SET seq = trace_run_counters.seq
			RETURNING seq""";

	private static final String COLUMNS = "run_id, seq, ts, type, node_id, attempt, data";

	private static final String EXISTING = "SELECT key, " + COLUMNS
			+ " FROM trace_run_events WHERE run_id = ? AND key = ANY (?)";

	/**
	 * Advances the counter by the number of new events and inserts them numbered from the old value
	 * plus one, in list order, in one statement. RETURNING gives back what PostgreSQL stored (jsonb
	 * normalises the data), so the live stream carries the audit's exact bytes.
	 */
	private static final String INSERT = """
			WITH counter AS (
			    UPDATE trace_run_counters SET seq = seq + ? WHERE run_id = ? RETURNING seq
			)
			INSERT INTO trace_run_events (run_id, seq, key, ts, type, node_id, attempt, data)
			SELECT ?, counter.seq - ? + e.ord, e.key, e.ts::timestamptz, e.type, e.node_id, e.attempt, e.data::jsonb
			FROM counter,
			     unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[])
			         WITH ORDINALITY AS e(key, ts, type, node_id, attempt, data, ord)
			ORDER BY e.ord
			RETURNING %s""".formatted(COLUMNS);

	private static final String AFTER = "SELECT " + COLUMNS
			+ " FROM trace_run_events WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ?";

	private static final String USAGE = """
			SELECT coalesce(node_id, '') AS node, count(*) AS calls,
			       sum(CASE WHEN jsonb_typeof(data #> '{tokens,input}') = 'number'
			                THEN (data #>> '{tokens,input}')::numeric ELSE 0 END) AS input,
			       sum(CASE WHEN jsonb_typeof(data #> '{tokens,output}') = 'number'
			                THEN (data #>> '{tokens,output}')::numeric ELSE 0 END) AS output,
			       sum(CASE WHEN jsonb_typeof(data -> 'costUsd') = 'number'
			                THEN (data ->> 'costUsd')::numeric ELSE 0 END) AS cost
			FROM trace_run_events
			WHERE run_id = ? AND type = 'llm.response'
			GROUP BY 1""";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate tx;

	private final ObjectMapper json;

	private final RowMapper<RecordedEvent> rows = (rs, n) -> read(rs);

	public RunEventLog(JdbcTemplate jdbc, PlatformTransactionManager transactions, ObjectMapper json) {
		this.jdbc = jdbc;
		this.tx = new TransactionTemplate(transactions);
		this.json = json;
	}

	/**
	 * Records the events of one run, numbering the new ones consecutively in list order. Idempotent on
	 * {@link RunEvent#key()}: an event whose key is already recorded (or repeated in the list) is not
	 * stored again and consumes no number; its recorded form is returned instead.
	 *
	 * @param events events of a single run
	 * @return every distinct event of the list as recorded, ordered by {@code seq}
	 * @throws IllegalArgumentException if the events belong to several runs or miss a key or type
	 */
	public List<RecordedEvent> append(List<RunEvent> events) {
		if (events.isEmpty()) {
			return List.of();
		}
		String runId = runIdOf(events);
		Map<String, RunEvent> distinct = new LinkedHashMap<>();
		events.forEach(e -> distinct.putIfAbsent(e.key(), e));
		return tx.execute(status -> {
			jdbc.queryForObject(LOCK_COUNTER, Long.class, runId);
			Map<String, RecordedEvent> existing = existing(runId, distinct.keySet());
			List<RunEvent> fresh = distinct.values().stream().filter(e -> !existing.containsKey(e.key())).toList();
			List<RecordedEvent> recorded = new ArrayList<>(existing.values());
			if (!fresh.isEmpty()) {
				recorded.addAll(insert(runId, fresh));
			}
			recorded.sort(Comparator.comparingLong(RecordedEvent::seq));
			return recorded;
		});
	}

	/**
	 * Up to {@code limit} events of the run with {@code seq > afterSeq}, in order. Because appends of a
	 * run commit one after the other, the result never skips a number: it is always the next
	 * contiguous slice of the log.
	 */
	public List<RecordedEvent> after(String runId, long afterSeq, int limit) {
		return jdbc.query(AFTER, rows, runId, afterSeq, limit);
	}

	/** The highest recorded {@code seq} of the run, 0 when nothing is recorded. */
	public long lastSeq(String runId) {
		List<Long> seq = jdbc.queryForList("SELECT seq FROM trace_run_counters WHERE run_id = ?", Long.class, runId);
		return seq.isEmpty() ? 0 : seq.get(0);
	}

	/** Tokens and cost of the run and of each node, from {@code llm.response} data {@code tokens} and {@code costUsd}. */
	public RunUsage usage(String runId) {
		Map<String, TokenUsage> nodes = new TreeMap<>();
		long[] calls = { 0 };
		jdbc.query(USAGE, rs -> {
			calls[0] += rs.getLong("calls");
			nodes.put(rs.getString("node"), new TokenUsage(rs.getBigDecimal("input").longValue(),
					rs.getBigDecimal("output").longValue(), rs.getBigDecimal("cost").doubleValue()));
		}, runId);
		TokenUsage total = nodes.values().stream().reduce(TokenUsage.ZERO, TokenUsage::plus);
		return new RunUsage(runId, total, nodes, calls[0]);
	}

	private Map<String, RecordedEvent> existing(String runId, Collection<String> keys) {
		Map<String, RecordedEvent> found = new HashMap<>();
		jdbc.query(con -> {
			PreparedStatement ps = con.prepareStatement(EXISTING);
			ps.setString(1, runId);
			ps.setArray(2, con.createArrayOf("text", keys.toArray()));
			return ps;
		}, (ResultSet rs) -> {
			found.put(rs.getString("key"), read(rs));
		});
		return found;
	}

	private List<RecordedEvent> insert(String runId, List<RunEvent> fresh) {
		int n = fresh.size();
		String[] keys = new String[n];
		String[] ts = new String[n];
		String[] types = new String[n];
		String[] nodes = new String[n];
		Integer[] attempts = new Integer[n];
		String[] data = new String[n];
		Instant now = Instant.now();
		for (int i = 0; i < n; i++) {
			RunEvent e = fresh.get(i);
			keys[i] = e.key();
			// PostgreSQL keeps microseconds; truncating here makes the stored value the emitted value.
			ts[i] = (e.ts() == null ? now : e.ts()).truncatedTo(ChronoUnit.MICROS).toString();
			types[i] = e.type();
			nodes[i] = e.nodeId();
			attempts[i] = e.attempt();
			data[i] = write(e.data());
		}
		return jdbc.query(con -> {
			PreparedStatement ps = con.prepareStatement(INSERT);
			ps.setInt(1, n);
			ps.setString(2, runId);
			ps.setString(3, runId);
			ps.setInt(4, n);
			ps.setArray(5, array(con, "text", keys));
			ps.setArray(6, array(con, "text", ts));
			ps.setArray(7, array(con, "text", types));
			ps.setArray(8, array(con, "text", nodes));
			ps.setArray(9, array(con, "int4", attempts));
			ps.setArray(10, array(con, "text", data));
			return ps;
		}, rows);
	}

	private static Array array(Connection con, String type, Object[] values) throws SQLException {
		return con.createArrayOf(type, values);
	}

	private static String runIdOf(List<RunEvent> events) {
		String runId = events.get(0).runId();
		for (RunEvent e : events) {
			if (e.runId() == null || !e.runId().equals(runId)) {
				throw new IllegalArgumentException("All events of one append must belong to one run; got "
						+ runId + " and " + e.runId());
			}
			if (e.key() == null || e.key().isBlank() || e.type() == null || e.type().isBlank()) {
				throw new IllegalArgumentException("Run event of " + runId + " without key or type: " + e);
			}
		}
		return runId;
	}

	private String write(JsonNode data) {
		if (data == null || data.isNull()) {
			return "{}";
		}
		try {
			return json.writeValueAsString(data);
		}
		catch (JsonProcessingException e) {
			throw new IllegalArgumentException("Event data is not serialisable", e);
		}
	}

	private RecordedEvent read(ResultSet rs) throws SQLException {
		try {
			return new RecordedEvent(rs.getString("run_id"), rs.getLong("seq"),
					rs.getObject("ts", OffsetDateTime.class).toInstant(), rs.getString("type"), rs.getString("node_id"),
					rs.getInt("attempt"), json.readTree(rs.getString("data")));
		}
		catch (JsonProcessingException e) {
			throw new SQLException("Stored event data is not JSON", e);
		}
	}

}
