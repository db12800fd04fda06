package dev.trellis.workflows.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.trellis.workflows.api.RunEvent;
import dev.trellis.workflows.api.RunEventActivities;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;

/**
 * Collects the events the run itself produces and hands them to {@link RunEventActivities} in
 * batches: one local activity per loop iteration of the interpreter instead of one per event. Keys
 * are {@code <runId>:<counter>}, so a replay or a retried flush produces the same keys and the log
 * stores every event once.
 */
final class EventBuffer {

	private static final Logger log = Workflow.getLogger(EventBuffer.class);

	/** Short and bounded: the trace is best effort, a run must never wait long or fail for it. */
	private static final LocalActivityOptions OPTIONS = LocalActivityOptions.newBuilder()
		.setStartToCloseTimeout(Duration.ofSeconds(5))
		.setScheduleToCloseTimeout(Duration.ofSeconds(20))
		.setRetryOptions(RetryOptions.newBuilder()
			.setMaximumAttempts(3)
			.setInitialInterval(Duration.ofMillis(200))
			.setBackoffCoefficient(2)
			.build())
		.build();

	private final String runId;

	private final RunEventActivities sink = Workflow.newLocalActivityStub(RunEventActivities.class, OPTIONS);

	private final List<RunEvent> pending = new ArrayList<>();

	private long counter;

	EventBuffer(String runId) {
		this.runId = runId;
	}

	/** Fresh, mutable {@code data} object for an event. */
	static ObjectNode data() {
		return JsonNodeFactory.instance.objectNode();
	}

	void add(String type, String nodeId, int attempt, JsonNode data) {
		counter++;
		Instant now = Instant.ofEpochMilli(Workflow.currentTimeMillis());
		pending.add(new RunEvent(runId, runId + ":" + counter, type, nodeId, attempt, now,
				data == null ? data() : data));
	}

	void add(String type, JsonNode data) {
		add(type, null, 0, data);
	}

	boolean hasPending() {
		return !pending.isEmpty();
	}

	/**
	 * Records everything buffered so far. Events added by other workflow threads while the local
	 * activity runs stay for the next flush. A failure is logged and the batch dropped: the run's
	 * state (the {@code state} query) stays authoritative, the event log is its live shadow.
	 */
	void flush() {
		// In a cancelled scope the call could not run; keep the events for the detached final flush.
		if (pending.isEmpty() || CancellationScope.current().isCancelRequested()) {
			return;
		}
		List<RunEvent> batch = List.copyOf(pending);
		pending.clear();
		try {
			sink.record(batch);
		}
		catch (ActivityFailure e) {
			log.warn("Dropped {} run events of {}: {}", batch.size(), runId, e.getMessage());
		}
	}

}
