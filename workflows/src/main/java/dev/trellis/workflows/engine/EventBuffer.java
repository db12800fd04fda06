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
import io.temporal.failure.CanceledFailure;
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

	/**
	 * Retried until the log takes the batch. The log numbers events with a gap-free {@code seq} and is
	 * the run's audit trail, so a batch given up on would be a hole nobody can fill later; while
	 * PostgreSQL is away the interpreter therefore waits in {@link #flush} (nodes already running carry
	 * on, and their own events need PostgreSQL too). Attempts are short so a hung connection is
	 * noticed; the back-off grows to a minute so a long outage costs few attempts. Once the back-off
	 * exceeds the SDK's local retry threshold it is a workflow timer, so the outage shows in the
	 * history. Only a non-retryable failure (a malformed event) ends the retries. The attempts are
	 * bounded only nominally: the SDK does not retry a local activity at all when it has neither a
	 * schedule-to-close timeout nor a maximum number of attempts.
	 */
	private static final LocalActivityOptions OPTIONS = LocalActivityOptions.newBuilder()
		.setStartToCloseTimeout(Duration.ofSeconds(5))
		.setRetryOptions(RetryOptions.newBuilder()
			.setMaximumAttempts(Integer.MAX_VALUE)
			.setInitialInterval(Duration.ofMillis(200))
			.setBackoffCoefficient(2)
			.setMaximumInterval(Duration.ofMinutes(1))
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
	 * Records everything buffered so far, waiting while the log is down. Events added by other
	 * workflow threads while the local activity runs stay for the next flush. If the flush itself is
	 * cancelled (the run is being cancelled) the batch goes back to the front of the buffer for the
	 * detached final flush.
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
			if (Failures.isCancellation(e)) {
				pending.addAll(0, batch);
				return;
			}
			// Histories written with bounded retries can hold a batch that ran out of them; replay
			// drops it as it was dropped then. Today only a malformed batch gets here: no retry fixes it.
			log.error("Dropped {} run events of {}: {}", batch.size(), runId, e.getMessage());
		}
		catch (CanceledFailure e) {
			pending.addAll(0, batch);
			throw e;
		}
	}

}
