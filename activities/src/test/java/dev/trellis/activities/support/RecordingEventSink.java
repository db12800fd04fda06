package dev.trellis.activities.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.trellis.activities.events.AgentEventSink;
import dev.trellis.workflows.api.RunEvent;

/** Keeps every event the activities emit, for assertions. */
public final class RecordingEventSink implements AgentEventSink {

	private final List<RunEvent> events = new CopyOnWriteArrayList<>();

	@Override
	public void emit(RunEvent event) {
		events.add(event);
	}

	public List<RunEvent> events() {
		return List.copyOf(events);
	}

	public List<RunEvent> ofType(String type) {
		return events.stream().filter(e -> e.type().equals(type)).toList();
	}

	public List<RunEvent> ofRun(String runId) {
		return events.stream().filter(e -> e.runId().equals(runId)).toList();
	}

	public void clear() {
		events.clear();
	}

}
