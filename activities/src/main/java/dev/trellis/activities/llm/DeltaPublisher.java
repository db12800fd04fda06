package dev.trellis.activities.llm;

import java.time.Duration;

import dev.trellis.activities.events.CallEvents;

/**
 * Batches streamed text into {@code llm.delta} events: one per {@code flushChars} characters or
 * {@code flushInterval}, whichever comes first, so a fast model does not flood the event log with
 * one row per token while a slow one still shows progress.
 */
final class DeltaPublisher {

	private final CallEvents events;

	private final int flushChars;

	private final long flushIntervalNanos;

	private final StringBuilder buffer = new StringBuilder();

	private long lastFlush = System.nanoTime();

	private int seq;

	DeltaPublisher(CallEvents events, int flushChars, Duration flushInterval) {
		this.events = events;
		this.flushChars = Math.max(1, flushChars);
		this.flushIntervalNanos = flushInterval.toNanos();
	}

	void add(String delta) {
		if (delta == null || delta.isEmpty()) {
			return;
		}
		buffer.append(delta);
		if (buffer.length() >= flushChars || System.nanoTime() - lastFlush >= flushIntervalNanos) {
			flush();
		}
	}

	void flush() {
		if (buffer.isEmpty()) {
			return;
		}
		seq++;
		events.emit("llm.delta", "delta:" + seq, CallEvents.data().put("seq", seq).put("text", buffer.toString()));
		buffer.setLength(0);
		lastFlush = System.nanoTime();
	}

	int published() {
		return seq;
	}

}
