package dev.trellis.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.trellis.testsupport.TestRedis;
import dev.trellis.workflows.api.RunEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What streaming LLM text costs the log: one {@code llm.delta} event per provider chunk versus the
 * {@link DeltaStream}'s coalesced events, for the same 2,000-chunk answer. Prints the measurement
 * (quoted in README.md) and checks that coalescing loses no text.
 */
class DeltaCostIT {

	private static final int CHUNKS = 2000;

	private static TraceFixture trace;

	@BeforeAll
	static void start() {
		trace = new TraceFixture(TestRedis.shared().url(), Map.of());
	}

	@AfterAll
	static void stop() {
		trace.close();
	}

	@Test
	void coalescedDeltasKeepTheTextAtAFractionOfTheRowsAndTime() {
		List<String> chunks = IntStream.range(0, CHUNKS).mapToObj(i -> " tok" + i).toList();
		// Warm the JIT and the connection pool so neither variant pays for it.
		IntStream.range(0, 200).forEach(i -> trace.publisher.publish(delta("warm-up", i, chunks.get(i))));

		long started = System.nanoTime();
		IntStream.range(0, CHUNKS).forEach(i -> trace.publisher.publish(delta("per-chunk", i, chunks.get(i))));
		long perChunkNanos = System.nanoTime() - started;

		started = System.nanoTime();
		try (DeltaStream deltas = trace.publisher.deltas("coalesced", "write", 1, "llm:a:1")) {
			chunks.forEach(deltas::append);
		}
		long coalescedNanos = System.nanoTime() - started;

		Cost perChunk = cost("per-chunk", perChunkNanos);
		Cost coalesced = cost("coalesced", coalescedNanos);
		System.out.printf("llm.delta cost for %d chunks: per chunk %s; coalesced %s%n", CHUNKS, perChunk, coalesced);

		assertThat(perChunk.rows()).isEqualTo(CHUNKS);
		assertThat(coalesced.rows()).isLessThanOrEqualTo(CHUNKS / 64 + 1);
		assertThat(text("coalesced")).isEqualTo(text("per-chunk")).isEqualTo(String.join("", chunks));
	}

	private record Cost(long rows, long bytes, long nanos) {

		@Override
		public String toString() {
			return String.format("%d rows, %d KB, %.0f ms (%.2f ms per chunk)", rows, bytes / 1024, nanos / 1e6,
					nanos / 1e6 / CHUNKS);
		}

	}

	private static Cost cost(String runId, long nanos) {
		// Row data plus one entry in each of the two unique indexes, estimated from the key and seq sizes.
		Map<String, Object> row = trace.jdbc.queryForMap("""
				SELECT count(*) AS rows,
				       sum(pg_column_size(t.*)) + sum(2 * (pg_column_size(t.run_id) + 8) + pg_column_size(t.key)) AS bytes
				FROM trace_run_events t WHERE run_id = ?""", runId);
		return new Cost(((Number) row.get("rows")).longValue(), ((Number) row.get("bytes")).longValue(), nanos);
	}

	private static String text(String runId) {
		return trace.log.after(runId, 0, CHUNKS)
			.stream()
			.map(e -> e.data().get("text").asText())
			.collect(Collectors.joining());
	}

	private static RunEvent delta(String runId, int index, String chunk) {
		return new RunEvent(runId, runId + ":" + index, "llm.delta", "write", 1, Instant.now(),
				JsonNodeFactory.instance.objectNode().put("text", chunk));
	}

}
