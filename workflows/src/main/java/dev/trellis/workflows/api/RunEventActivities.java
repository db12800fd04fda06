package dev.trellis.workflows.api;

import java.util.List;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Records events that the workflow itself produces (run and node transitions). Called as a local
 * activity, so it costs a marker in history, not a task round trip. Implementations must be
 * idempotent on {@link RunEvent#key()}, must throw a retryable failure when the events could not be
 * recorded (the workflow retries until they are, so the log has no gap), and must not fail when only
 * the live stream is down.
 */
@ActivityInterface(namePrefix = "Events.")
public interface RunEventActivities {

	@ActivityMethod
	void record(List<RunEvent> events);

}
