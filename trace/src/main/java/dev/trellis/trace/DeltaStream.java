package dev.trellis.trace;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trellis.workflows.api.RunEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the chunks an LLM streams into {@code llm.delta} events, several chunks per event. Every
 * event still gets its own {@code seq} and row: coalescing happens before numbering, so the live
 * view and the audit see the same events. A {@code seq} costs one PostgreSQL transaction on the
 * run's counter row, so numbering each chunk would cost a commit per token; merging them bounds the
 * cost to one event per {@code max-chunks} chunks or {@code max-delay} per streaming call.
 *
 * <pre>{@code
 * try (DeltaStream deltas = publisher.deltas(runId, nodeId, attempt, "llm:" + activityId + ":" + attempt)) {
 *     for (String chunk : chunks) {
 *         deltas.append(chunk);
 *     }
 * } // close() publishes the rest and fails if it cannot be recorded
 * }</pre>
 *
 * Thread-safe: chunks may arrive on a reactive thread while a timer flushes. Event data is
 * {@code {"text": "...", "chunks": n}}; keys are {@code <keyPrefix>:delta:<n>} counted from 1, so a
 * flush retried after a failure records nothing twice.
 */
public final class DeltaStream implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(DeltaStream.class);

	private final RunEventPublisher publisher;

	private final ScheduledExecutorService timer;

	private final String runId;

	private final String nodeId;

	private final int attempt;

	private final String keyPrefix;

	private final TraceProperties.Deltas limits;

	/** Guards the buffer; held only for in-memory work so appends never wait for PostgreSQL. */
	private final Object bufferLock = new Object();

	private final StringBuilder buffer = new StringBuilder();

	private int bufferedChunks;

	private Instant firstChunkAt;

	private ScheduledFuture<?> scheduledFlush;

	private boolean closed;

	/** Serialises flushes so events are numbered in the order their text was streamed. */
	private final ReentrantLock flushLock = new ReentrantLock();

	private final List<RunEvent> unsent = new ArrayList<>();

	private int index;

	DeltaStream(RunEventPublisher publisher, ScheduledExecutorService timer, String runId, String nodeId, int attempt,
			String keyPrefix, TraceProperties.Deltas limits) {
		this.publisher = publisher;
		this.timer = timer;
		this.runId = runId;
		this.nodeId = nodeId;
		this.attempt = attempt;
		this.keyPrefix = keyPrefix;
		this.limits = limits;
	}

	/** Adds a chunk of streamed text; publishes when enough chunks are buffered. */
	public void append(String text) {
		if (text == null || text.isEmpty()) {
			return;
		}
		boolean full;
		synchronized (bufferLock) {
			if (closed) {
				throw new IllegalStateException("Delta stream " + keyPrefix + " is closed");
			}
			if (bufferedChunks == 0) {
				firstChunkAt = Instant.now();
			}
			buffer.append(text);
			bufferedChunks++;
			full = bufferedChunks >= limits.maxChunks();
			if (!full && scheduledFlush == null) {
				scheduledFlush = timer.schedule(this::flushOnTimer, limits.maxDelay().toNanos(), TimeUnit.NANOSECONDS);
			}
		}
		if (full) {
			flush();
		}
	}

	/**
	 * Publishes what is buffered, together with any earlier event whose publish failed.
	 *
	 * @throws org.springframework.dao.DataAccessException when PostgreSQL cannot record it; the events
	 *     stay buffered for the next flush
	 */
	public void flush() {
		flushLock.lock();
		try {
			RunEvent next = takeBuffered();
			if (next != null) {
				unsent.add(next);
			}
			if (!unsent.isEmpty()) {
				publisher.publish(List.copyOf(unsent));
				unsent.clear();
			}
		}
		finally {
			flushLock.unlock();
		}
	}

	/** Publishes the rest; fails if it cannot be recorded, so the calling activity is retried. */
	@Override
	public void close() {
		synchronized (bufferLock) {
			closed = true;
		}
		flush();
	}

	private void flushOnTimer() {
		try {
			flush();
		}
		catch (RuntimeException e) {
			// Kept in unsent: the next append's flush or close() retries and reports it.
			log.debug("Timed flush of {} failed; retrying with the next flush", keyPrefix, e);
		}
	}

	private RunEvent takeBuffered() {
		synchronized (bufferLock) {
			if (scheduledFlush != null) {
				scheduledFlush.cancel(false);
				scheduledFlush = null;
			}
			if (bufferedChunks == 0) {
				return null;
			}
			ObjectNode data = JsonNodeFactory.instance.objectNode().put("text", buffer.toString()).put("chunks",
					bufferedChunks);
			buffer.setLength(0);
			bufferedChunks = 0;
			index++;
			return new RunEvent(runId, keyPrefix + ":delta:" + index, "llm.delta", nodeId, attempt, firstChunkAt, data);
		}
	}

}
