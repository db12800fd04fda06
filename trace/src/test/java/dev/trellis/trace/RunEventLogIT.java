package dev.trellis.trace;

import static dev.trellis.trace.TraceFixture.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trellis.testsupport.TestRedis;
import dev.trellis.workflows.api.RunEvent;
import dev.trellis.workflows.api.TokenUsage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;

class RunEventLogIT {

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
	void concurrentPublishersNumberEveryEventOnceWithoutGaps() throws Exception {
		String runId = "run-concurrent";
		int threads = 8;
		int perThread = 200;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CountDownLatch go = new CountDownLatch(1);
		List<Callable<List<RecordedEvent>>> work = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int thread = t;
			work.add(() -> {
				go.await();
				List<RecordedEvent> mine = new ArrayList<>();
				// Batches of 1..5 events, as the workflow's local activity and the activities send them.
				for (int i = 0; i < perThread;) {
					int size = Math.min(1 + i % 5, perThread - i);
					List<RunEvent> batch = new ArrayList<>();
					for (int j = 0; j < size; j++, i++) {
						batch.add(event(runId, "t" + thread + ":" + i, "tool.call", "n" + thread, 1));
					}
					mine.addAll(trace.publisher.publish(batch));
				}
				return mine;
			});
		}
		List<Future<List<RecordedEvent>>> results = work.stream().map(pool::submit).toList();
		go.countDown();
		List<Long> seqs = new ArrayList<>();
		for (Future<List<RecordedEvent>> f : results) {
			List<RecordedEvent> mine = f.get();
			// Each publisher sees its own events numbered in the order it emitted them.
			assertThat(mine).extracting(RecordedEvent::seq).isSorted();
			mine.forEach(e -> seqs.add(e.seq()));
		}
		pool.shutdown();

		assertThat(seqs).hasSize(threads * perThread)
			.doesNotHaveDuplicates()
			.containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, threads * perThread).boxed().toList());
		assertThat(trace.log.lastSeq(runId)).isEqualTo(1600);

		List<RunEvent> again = IntStream.range(0, perThread)
			.mapToObj(i -> event(runId, "t3:" + i, "tool.call", "n3", 1))
			.toList();
		List<RecordedEvent> republished = trace.publisher.publish(again);
		assertThat(republished).hasSize(perThread);
		assertThat(trace.log.lastSeq(runId)).isEqualTo(1600);
		assertThat(trace.jdbc.queryForObject("SELECT count(*) FROM trace_run_events WHERE run_id = ?", Long.class, runId))
			.isEqualTo(1600);
	}

	@Test
	void retriedEmissionReturnsTheFirstRecordingAndConsumesNoNumber() {
		String runId = "run-retry";
		List<RecordedEvent> first = trace.log.append(List.of(event(runId, "a", "run.started", null, 0),
				event(runId, "b", "node.started", "write", 1)));
		List<RecordedEvent> retried = trace.log.append(List.of(event(runId, "b", "node.started", "write", 1),
				event(runId, "c", "llm.request", "write", 1), event(runId, "c", "llm.request", "write", 1)));

		assertThat(first).extracting(RecordedEvent::seq).containsExactly(1L, 2L);
		assertThat(retried).extracting(RecordedEvent::seq).containsExactly(2L, 3L);
		assertThat(retried.get(0)).isEqualTo(first.get(1));
		assertThat(trace.log.after(runId, 0, 10)).extracting(RecordedEvent::type)
			.containsExactly("run.started", "node.started", "llm.request");
	}

	@Test
	void eventsHaveTheApiShapeAndReadBackExactly() throws Exception {
		String runId = "run-shape";
		RecordedEvent recorded = trace.log.append(List.of(event(runId, "k1", "node.started", "research", 2))).get(0);

		JsonNode json = TraceFixture.JSON.readTree(TraceFixture.JSON.writeValueAsString(recorded));
		List<String> fields = new ArrayList<>();
		json.fieldNames().forEachRemaining(fields::add);
		assertThat(fields).containsExactly("runId", "seq", "ts", "type", "nodeId", "attempt", "data");
		assertThat(json.get("ts").isTextual()).isTrue();
		assertThat(json.get("attempt").asInt()).isEqualTo(2);
		assertThat(trace.log.after(runId, 0, 10)).containsExactly(recorded);
		assertThat(trace.log.after(runId, 1, 10)).isEmpty();
	}

	@Test
	void pagesAreContiguousSlices() {
		String runId = "run-pages";
		trace.log.append(IntStream.range(0, 25).mapToObj(i -> event(runId, "p" + i, "tool.call", "n", 1)).toList());

		assertThat(trace.log.after(runId, 0, 10)).extracting(RecordedEvent::seq)
			.containsExactlyElementsOf(LongStream.rangeClosed(1, 10).boxed().toList());
		assertThat(trace.log.after(runId, 20, 10)).extracting(RecordedEvent::seq).containsExactly(21L, 22L, 23L, 24L, 25L);
		assertThat(trace.log.lastSeq("run-unknown")).isZero();
	}

	@Test
	void theLogRefusesUpdatesDeletesAndTruncation() {
		String runId = "run-append-only";
		trace.log.append(List.of(event(runId, "x", "run.started", null, 0)));

		assertThatThrownBy(() -> trace.jdbc.update("UPDATE trace_run_events SET type = 'run.failed' WHERE run_id = ?", runId))
			.isInstanceOf(DataIntegrityViolationException.class)
			.hasMessageContaining("trace_run_events is append-only: UPDATE is not allowed");
		assertThatThrownBy(() -> trace.jdbc.update("DELETE FROM trace_run_events WHERE run_id = ?", runId))
			.hasStackTraceContaining("append-only: DELETE");
		assertThatThrownBy(() -> trace.jdbc.execute("TRUNCATE trace_run_events"))
			.hasStackTraceContaining("append-only: TRUNCATE");
		assertThat(trace.log.after(runId, 0, 10)).hasSize(1);
	}

	@Test
	void usageSumsTokensAndCostOfEveryLlmResponsePerNode() {
		String runId = "run-usage";
		trace.log.append(List.of(response(runId, "r1", "research", 1, 100, 40, 0.002),
				response(runId, "r2", "research", 2, 120, 60, 0.003), response(runId, "w1", "write", 1, 300, 500, 0.01),
				event(runId, "other", "tool.call", "write", 1)));

		RunUsage usage = trace.log.usage(runId);

		assertThat(usage.llmCalls()).isEqualTo(3);
		assertThat(usage.nodes()).containsOnlyKeys("research", "write");
		assertThat(usage.nodes().get("research").input()).isEqualTo(220);
		assertThat(usage.nodes().get("research").output()).isEqualTo(100);
		assertThat(usage.nodes().get("research").costUsd()).isCloseTo(0.005, offset(1e-9));
		assertThat(usage.total().input()).isEqualTo(520);
		assertThat(usage.total().output()).isEqualTo(600);
		assertThat(usage.total().costUsd()).isCloseTo(0.015, offset(1e-9));
		assertThat(trace.log.usage("run-without-llm").total()).isEqualTo(TokenUsage.ZERO);
	}

	@Test
	void oneAppendBelongsToOneRunAndNeedsKeysAndTypes() {
		assertThatThrownBy(() -> trace.log.append(List.of(event("r1", "a", "run.started", null, 0),
				event("r2", "b", "run.started", null, 0))))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> trace.log.append(List.of(event("r1", " ", "run.started", null, 0))))
			.isInstanceOf(IllegalArgumentException.class);
	}

	private static RunEvent response(String runId, String key, String node, int attempt, long in, long out, double cost) {
		var data = TraceFixture.JSON.createObjectNode().put("model", "gpt-4o-mini").put("costUsd", cost);
		data.putObject("tokens").put("input", in).put("output", out);
		return new RunEvent(runId, key, "llm.response", node, attempt, Instant.now(), data);
	}

}
