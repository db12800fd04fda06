package dev.trellis.bench;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.trellis.workflows.api.RunEvent;
import dev.trellis.workflows.api.RunEventActivities;

/**
 * The interpreter's event sink with the storage taken out: it only counts. Each {@link #record} is
 * one local activity (one flush of the run's event buffer), so the counts say how many flushes and
 * events a run costs without PostgreSQL or Redis in the measurement.
 */
final class CountingEvents implements RunEventActivities {

	private final AtomicLong flushes = new AtomicLong();

	private final AtomicLong events = new AtomicLong();

	@Override
	public void record(List<RunEvent> batch) {
		flushes.incrementAndGet();
		events.addAndGet(batch.size());
	}

	long flushes() {
		return flushes.get();
	}

	long events() {
		return events.get();
	}

}
