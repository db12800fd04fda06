package dev.trellis.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trellis.workflows.api.RunEvent;
import org.redisson.api.RedissonClient;

/**
 * The one entry point through which workers emit run events. {@link #publish} first records the
 * events in the PostgreSQL log, which assigns their {@code seq}, then hands them to the run's Redis
 * Stream for live viewers without waiting for it. When it returns, the events are durable; the live
 * copy is best effort, and a slow or failed Redis never reaches the caller (gateways rebuild the live
 * view from the log).
 *
 * <pre>{@code
 * publisher.publish(List.of(
 *     new RunEvent(runId, "tool:" + callId + ":" + attempt + ":call", "tool.call", nodeId, attempt, Instant.now(), args),
 *     ...));
 *
 * try (DeltaStream deltas = publisher.deltas(runId, nodeId, attempt, "llm:" + activityId + ":" + attempt)) {
 *     chatModel.stream(prompt).toIterable().forEach(chunk -> deltas.append(chunk.text()));
 * }
 * }</pre>
 *
 * Keys make publishing idempotent: a retried publish of the same keys records nothing new and
 * returns the events as first recorded. A new attempt of an activity must use new keys (tag them with
 * the attempt) so the trace shows both attempts.
 */
public class RunEventPublisher implements AutoCloseable {

	private final RunEventLog log;

	private final LiveStreamWriter live;

	private final TraceProperties.Deltas deltas;

	private final ScheduledExecutorService deltaTimer;

	public RunEventPublisher(RunEventLog log, RedissonClient redisson, ObjectMapper json, TraceProperties props) {
		this.log = log;
		this.live = new LiveStreamWriter(redisson, json, props.stream());
		this.deltas = props.deltas();
		this.deltaTimer = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, "trace-delta-flush");
			t.setDaemon(true);
			return t;
		});
	}

	/**
	 * Records the events (possibly of several runs; each run's events are numbered in list order) and
	 * streams them live.
	 *
	 * @return the events as recorded, per run in {@code seq} order, including those recorded before
	 *     under the same keys
	 * @throws org.springframework.dao.DataAccessException when PostgreSQL cannot record them; the
	 *     caller should fail and be retried, which is safe thanks to the keys
	 */
	public List<RecordedEvent> publish(List<RunEvent> events) {
		Map<String, List<RunEvent>> byRun = new LinkedHashMap<>();
		for (RunEvent e : events) {
			byRun.computeIfAbsent(e.runId(), id -> new ArrayList<>()).add(e);
		}
		List<RecordedEvent> recorded = new ArrayList<>(events.size());
		byRun.forEach((runId, runEvents) -> {
			List<RecordedEvent> numbered = log.append(runEvents);
			// Re-streaming events recorded by an earlier try is deliberate: that try may have died
			// between the commit and the stream write, and gateways drop repeated seqs anyway.
			live.write(runId, numbered);
			recorded.addAll(numbered);
		});
		return recorded;
	}

	/** {@link #publish(List)} for one event. */
	public RecordedEvent publish(RunEvent event) {
		return publish(List.of(event)).get(0);
	}

	/**
	 * Opens a coalescing sink for the text an LLM streams during one attempt of one call. Chunks are
	 * merged into one {@code llm.delta} event per {@code trellis.trace.deltas.max-chunks} chunks or
	 * {@code max-delay}, whichever comes first; each such event is numbered, stored and streamed like
	 * any other, so the live sequence and the audit are the same sequence.
	 *
	 * @param keyPrefix unique per call and attempt, e.g. {@code llm:<activityId>:<attempt>:<step>}; event
	 *     keys are {@code <keyPrefix>:delta:<n>}
	 */
	public DeltaStream deltas(String runId, String nodeId, int attempt, String keyPrefix) {
		return new DeltaStream(this, deltaTimer, runId, nodeId, attempt, keyPrefix, deltas);
	}

	@Override
	public void close() {
		deltaTimer.shutdown();
	}

}
